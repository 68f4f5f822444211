import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { widenHttp2ReceiveWindows } from './http2-receive-window.js';

const HTTP2_DEFAULT_WINDOW = 65_535;

/** A server answering every request with `bytes` bytes; the client below never reads them. */
const startServer = async (bytes: number): Promise<http2.Http2Server> => {
  const server = http2.createServer();
  server.on('stream', (stream) => {
    stream.respond({ ':status': 200 });
    stream.end(Buffer.alloc(bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
};

/** Waits until `done()` holds (checked every 10 ms; the test's own timeout bounds it). */
const until = async (done: () => boolean): Promise<void> => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
};

/**
 * The client's windows, and what the server sent on one stream the client does not read, once at least
 * `atLeast` bytes of it have come (the server sends on as long as the windows let it).
 */
const openUnreadStream = async (server: http2.Http2Server, atLeast: number) => {
  const session = http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await new Promise<void>((resolve) => session.once('remoteSettings', () => resolve()));
  // The server sends what the windows allow; the client reads none of it.
  const stream = session.request({ ':path': '/' });
  stream.pause();
  await new Promise<void>((resolve) => stream.once('response', () => resolve()));
  await until(() => stream.readableLength >= atLeast);
  const state = { sessionWindow: session.state.localWindowSize, streamSettings: session.localSettings.initialWindowSize, buffered: stream.readableLength };
  stream.destroy();
  session.destroy();
  return state;
};

describe('widenHttp2ReceiveWindows', () => {
  let server: http2.Http2Server;

  beforeAll(async () => {
    server = await startServer(4 * 1024 * 1024);
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sessions opened after it advertise the window for the connection and each stream, so a server sends that much unread; restore() puts HTTP/2\'s back', async () => {
    // With HTTP/2's window, at most 64 KiB come before the client reads.
    const before = await openUnreadStream(server, 32 * 1024);
    expect(before.streamSettings).toBe(HTTP2_DEFAULT_WINDOW);
    expect(before.buffered).toBeLessThanOrEqual(HTTP2_DEFAULT_WINDOW);

    const restore = widenHttp2ReceiveWindows(1024 * 1024);
    try {
      const widened = await openUnreadStream(server, 512 * 1024);
      expect(widened.streamSettings).toBe(1024 * 1024);
      expect(widened.sessionWindow).toBeGreaterThan(HTTP2_DEFAULT_WINDOW);
      // Far more than 64 KiB waited unread on the client (it came: openUnreadStream waited for it), at most the window.
      expect(widened.buffered).toBeLessThanOrEqual(1024 * 1024);
    } finally {
      restore();
    }
    const restored = await openUnreadStream(server, 32 * 1024);
    expect(restored.streamSettings).toBe(HTTP2_DEFAULT_WINDOW);
  });
});
