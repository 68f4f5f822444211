import { Logger } from '@nestjs/common';
import { ConfigurationError } from './config/configuration-error.js';
import { createLedgerApi, type LedgerApi } from './create-ledger-api.js';

// Past this, shutdown is stuck (a request that never ends): exit non-zero rather than hang the deployment.
const SHUTDOWN_GRACE_MS = 20_000;

let shuttingDown = false;

/**
 * SIGTERM and SIGINT start one graceful shutdown; a signal after the first is only logged (`process.once` would let the
 * second one kill the process mid-shutdown, cutting in-flight writes). The grace period bounds it.
 */
const shutDownOn = (api: LedgerApi, signal: NodeJS.Signals): void => {
  process.on(signal, () => {
    if (shuttingDown) {
      new Logger('Shutdown').log(`${signal} received again: still finishing in-flight requests (at most ${SHUTDOWN_GRACE_MS} ms)`);
      return;
    }
    shuttingDown = true;
    new Logger('Shutdown').log(`${signal} received: finishing in-flight requests, then closing the event store`);
    const forced = setTimeout(() => {
      process.stderr.write(`Shutdown did not finish within ${SHUTDOWN_GRACE_MS} ms; exiting.\n`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    forced.unref();
    api.close().then(
      // Exit explicitly: everything of ours is closed, and a library's idle socket must not keep us up.
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  });
};

try {
  const api = await createLedgerApi();
  new Logger('LedgerApi').log({ url: api.url }, `Ledger API listening on ${api.url}`);
  shutDownOn(api, 'SIGTERM');
  shutDownOn(api, 'SIGINT');
} catch (error) {
  // One line, no stack: the operator needs to know which value to fix.
  const message =
    error instanceof ConfigurationError
      ? error.message
      : `The ledger service could not start: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
}
