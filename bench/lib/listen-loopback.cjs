// Loaded with `node --require` in front of supergateway, which calls `app.listen(port)` with no host and so would
// listen on every interface. Benchmark servers must only be reachable from this machine: a TCP listen() without a
// host (or with a wildcard one) is pinned to 127.0.0.1.
'use strict';
const net = require('node:net');

const LOOPBACK = '127.0.0.1';
const wildcard = (host) => host === undefined || host === null || host === '' || host === '0.0.0.0' || host === '::';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback])
    if (typeof args[1] === 'string') {
      if (wildcard(args[1])) args[1] = LOOPBACK;
    } else {
      args.splice(1, 0, LOOPBACK);
    }
  } else if (first && typeof first === 'object' && first.path === undefined && first.fd === undefined && first._handle === undefined) {
    // listen({ port, host, ... }[, callback])
    if (wildcard(first.host)) args[0] = { ...first, host: LOOPBACK };
  }
  return listen.apply(this, args);
};
