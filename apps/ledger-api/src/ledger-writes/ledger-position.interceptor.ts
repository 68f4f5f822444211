import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { isWritten } from './written.js';

export const LEDGER_POSITION_HEADER = 'Ledger-Position';

interface Reply {
  header(name: string, value: string): unknown;
}

/** Sends a write's `Written` result as its body, with the `Ledger-Position` header a client reads its writes with. */
@Injectable()
export class LedgerPositionInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<Reply>();
    return next.handle().pipe(
      map((value: unknown) => {
        if (!isWritten(value)) return value;
        reply.header(LEDGER_POSITION_HEADER, value.ledgerPosition);
        return value.body;
      }),
    );
  }
}
