// The baseline of `npm run bench:fanout`: a bare Socket.IO 4 server doing the same broadcast as
// live-shop (viewers join one room and get a small state on connect; the host's pins go to the room).
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false, transports: ['websocket'] });
let pins = { productIds: [], at: 0 };
io.on('connection', (socket) => {
  if (socket.handshake.auth?.host) {
    const toggle = ({ productId, seq }, ack) => {
      pins = { productIds: pins.productIds.includes(productId) ? [] : [productId], at: Date.now(), seq };
      io.to('show').emit('product:pins', pins);
      ack?.({ ok: true, pins });
    };
    socket.on('product:pin', toggle);
    socket.on('product:unpin', toggle);
    socket.on('chat:send', ({ text }, ack) => {
      const message = { id: `${Date.now()}-${Math.random()}`, name: 'x', text, role: 'viewer', at: Date.now() };
      io.to('show').emit('chat:messages', [message]);
      ack?.({ ok: true, message });
    });
    return;
  }
  socket.join('show');
  socket.on('chat:send', ({ text }, ack) => {
    const message = { id: `${Date.now()}-${Math.random()}`, name: 'x', text, role: 'viewer', at: Date.now() };
    io.to('show').emit('chat:messages', [message]);
    ack?.({ ok: true, message });
  });
  socket.emit('show:state', { pins });
});
httpServer.listen(0, '127.0.0.1', () => console.log(`bare listening on 127.0.0.1:${httpServer.address().port}`));
process.on('SIGTERM', () => process.exit(0));
