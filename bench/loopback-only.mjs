// Preloaded into the Portkey gateway by bench/run-all (node --import): its server listens on every
// interface, and benchmark servers on this machine must listen on 127.0.0.1 only.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (args[0] !== null && typeof args[0] === 'object') {
    args[0] = { ...args[0], host: '127.0.0.1' };
  } else if (typeof args[0] === 'number' || /^\d+$/.test(String(args[0]))) {
    const callback = args.find((a) => typeof a === 'function');
    args = callback ? [Number(args[0]), '127.0.0.1', callback] : [Number(args[0]), '127.0.0.1'];
  }
  return listen.apply(this, args);
};
