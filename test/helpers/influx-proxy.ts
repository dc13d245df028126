// A small HTTP proxy in front of a real InfluxDB that counts WRITES. InfluxDB merges points of the same series and
// time, so a row count cannot see a point written twice; this proxy can: it records every line of every write
// request that InfluxDB answered with 2xx. When InfluxDB is down the client's connection is dropped, as a dead
// server would.
import http from 'http';
import type { AddressInfo } from 'net';

/** One write request as the proxy saw it. */
export interface ProxiedWrite { path: string; status: number; lines: string[] }

export interface InfluxWriteProxy {
  port: number;
  url: string;
  writes: ProxiedWrite[];
  /** every line InfluxDB acknowledged (2xx), once per acknowledged write */
  writtenLines(): string[];
  /** how many acknowledged writes carried each key (`keyOf(line)`); keys written more than once are duplicates */
  countBy(keyOf: (line: string) => string | undefined): Map<string, number>;
  close(): Promise<void>;
}

/** Starts the proxy on a free loopback port, forwarding to InfluxDB at 127.0.0.1:`upstreamPort`. */
export async function startWriteProxy(upstreamPort: number): Promise<InfluxWriteProxy> {
  const writes: ProxiedWrite[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const up = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url,
        headers: { ...req.headers, host: `127.0.0.1:${upstreamPort}` } }, (upRes) => {
        const answer: Buffer[] = [];
        upRes.on('data', (c: Buffer) => answer.push(c));
        upRes.on('end', () => {
          const status = upRes.statusCode ?? 0;
          if (/^\/(write|api\/v2\/write)\b/.test(req.url ?? '')) {
            writes.push({ path: req.url ?? '', status, lines: body.toString('utf8').split('\n').filter(Boolean) });
          }
          res.writeHead(status, upRes.headers);
          res.end(Buffer.concat(answer));
        });
      });
      up.on('error', () => req.socket.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const writtenLines = () => writes.filter((w) => w.status >= 200 && w.status < 300).flatMap((w) => w.lines);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    writes,
    writtenLines,
    countBy(keyOf) {
      const counts = new Map<string, number>();
      for (const line of writtenLines()) {
        const key = keyOf(line);
        if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The integer field `name` of a line protocol line (`seq=12` or `seq=12i`), as text, or undefined. */
export function fieldOf(line: string, name: string): string | undefined {
  const m = new RegExp(`[ ,]${name}=(-?\\d+(?:\\.\\d+)?)i?(?:[ ,]|$)`).exec(line);
  return m ? m[1] : undefined;
}
