import { Module } from '@nestjs/common';
import { DocsUiController } from './docs-ui.controller.js';

@Module({ controllers: [DocsUiController] })
export class OpenApiModule {}
