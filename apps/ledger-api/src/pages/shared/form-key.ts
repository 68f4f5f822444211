import { randomBytes } from 'node:crypto';
import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import { html, type Html } from './html.js';

/** The hidden field of every form that records something: a key of its own, made when the page is shown. */
export const FORM_KEY_FIELD = 'idempotencyKey';

/**
 * The form's key, sent to the API as its `Idempotency-Key`: the same form sent twice (a double click, a browser
 * resending it) is one request, so it records once and both sendings show what was done, never a refusal.
 */
export const formKeyField = (): Html => html`<input type="hidden" name="${FORM_KEY_FIELD}" value="${randomBytes(18).toString('base64url')}">`;

/** Validates a form's key as the pages make it. */
export const IsFormKey = (): PropertyDecorator =>
  applyDecorators(IsString(), Matches(/^[A-Za-z0-9_-]{16,64}$/, { message: 'the form is malformed: reload the page' }));
