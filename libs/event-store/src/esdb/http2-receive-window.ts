import http2 from 'node:http2';

/**
 * Makes every HTTP/2 client session this thread opens from now on advertise `bytes` of receive window, for the
 * connection and for each stream, instead of HTTP/2's 65,535 bytes.
 *
 * Why: a `$all` read is one gRPC server stream. With a 64 KiB window the server may send only ~100 events
 * beyond what the client has taken, and the client takes them (and says so, in a WINDOW_UPDATE) only between two
 * turns of decoding: the reader and the store wait on each other once per 64 KiB. grpc-js has a channel option
 * for the window (`grpc-node.flow_control_window`), but `@eventstore/db-client` builds its channel with fixed
 * options, so the window is set where grpc-js opens the session: `http2.connect` (the stream window in its
 * settings, the connection window once the server's settings have come). It is the client's own receive window,
 * so it holds against any server (the embedded node, a KurrentDB cluster).
 *
 * For a thread of its own only (the rebuild's reader, the service's ledger-followers thread): it changes `node:http2`
 * for every client of the thread.
 * Returns a function that puts the original `http2.connect` back (sessions already open keep their windows).
 */
export const widenHttp2ReceiveWindows = (bytes: number): (() => void) => {
  const connect = http2.connect;
  const widened = (authority: string | URL, options?: http2.ClientSessionOptions | ((session: http2.ClientHttp2Session) => void), listener?: (session: http2.ClientHttp2Session) => void) => {
    const given = typeof options === 'function' ? {} : (options ?? {});
    const onConnect = typeof options === 'function' ? options : listener;
    const session = connect(authority, { ...given, settings: { ...given.settings, initialWindowSize: bytes } }, onConnect);
    session.once('remoteSettings', () => {
      if (!session.destroyed) session.setLocalWindowSize(bytes);
    });
    return session;
  };
  http2.connect = widened as typeof http2.connect;
  return () => {
    http2.connect = connect;
  };
};
