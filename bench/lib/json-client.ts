import { Agent, request } from 'node:http';

export interface JsonAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * A lean HTTP/1.1 client for load generators: kept-alive connections, one POST of a JSON body, the answer as
 * text. `fetch` costs the generator several times more CPU per request, which on a small machine comes out of
 * the server's share and shows as a slower server.
 */
export class JsonClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  post(path: string, headers: Record<string, string>, body: string): Promise<JsonAnswer> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        `${this.baseUrl}${path}`,
        {
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (answer) => {
          let text = '';
          answer.setEncoding('utf8');
          answer.on('data', (chunk: string) => (text += chunk));
          answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body: text }));
          answer.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
