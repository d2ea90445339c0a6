/** Test support (not shipped): a loopback TCP load balancer in front of server processes. */
import { connect, createServer, type AddressInfo, type Server, type Socket as TcpSocket } from 'node:net';

export /** A TCP load balancer: each connection goes to the first backend that accepts it (A while it lives, then B). */
async function startBalancer(ports: number[]): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const open = new Set<TcpSocket>();
  const server = createServer((downstream) => {
    open.add(downstream);
    downstream.on('close', () => open.delete(downstream));
    const tryBackend = (i: number) => {
      if (i >= ports.length) return downstream.destroy();
      const upstream = connect(ports[i]!, '127.0.0.1');
      upstream.once('error', () => (upstream.destroy(), tryBackend(i + 1)));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        upstream.on('error', () => downstream.destroy());
        downstream.on('error', () => upstream.destroy());
        upstream.on('close', () => downstream.destroy());
        downstream.on('close', () => upstream.destroy());
        downstream.pipe(upstream).pipe(downstream);
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => (open.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}
