// A CouchDB-compatible replication server for the sync tests: express-pouchdb on pouchdb-core with
// the memory adapter, in admin-party mode (no admins configured), on 127.0.0.1.
//
//   node tests/sync/server.mjs [--port 5984]    (--port 0: any free port)
//
// It prints `sync test server listening on http://127.0.0.1:<port>/` once it accepts connections.
// SIGUSR1 stops it listening and SIGUSR2 listens again on the same port, the databases kept (see
// below); it prints `sync test server stopped listening on port <port>` once closed.
//
// The `pouchdb-server` command from npm crashes on some requests (`db.info is not a function`) and
// when admins are configured; this combination serves _changes, _revs_diff, _bulk_docs with
// new_edits:false, _bulk_get, _local documents, _users and _session correctly. Everything lives in
// memory: ending the process forgets every database.
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import adapterMemory from 'pouchdb-adapter-memory';
import adapterHttp from 'pouchdb-adapter-http';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';

const args = process.argv.slice(2);
const at = args.indexOf('--port');
const port = at >= 0 ? Number(args[at + 1]) : 5984;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, not ${args[at + 1]}`);
  process.exit(2);
}

const MemoryPouch = PouchDB.plugin(adapterHttp)
  .plugin(adapterMemory)
  .plugin(mapreduce)
  .plugin(replication)
  .defaults({ adapter: 'memory' });

const app = express();
// CORS, as a CouchDB set up for a browser app on another origin has it (docs/sync.md): the
// in-browser tests run on the test runner's own origin.
app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (origin) {
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Allow-Credentials', 'true');
    res.set('Access-Control-Allow-Headers', 'accept, authorization, content-type');
    res.set('Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE, HEAD');
    res.set('Vary', 'Origin');
  }
  if (req.method === 'OPTIONS') {
    res.sendStatus(204);
    return;
  }
  next();
});
// The full CouchDB mode, for _users and _session (sign-in, wrong password → 401); its configuration
// stays in memory and its log goes to the system's null device, so the server writes no file.
app.use('/', expressPouchDB(MemoryPouch, {
  inMemoryConfig: true,
  logPath: '/dev/null',
  overrideMode: { exclude: ['routes/fauxton'] },
}));

// Stopping the process would forget every database, so a test that needs "the server stopped,
// then restarted" signals it instead: SIGUSR1 closes the port (and every open connection, as a
// server going down does), SIGUSR2 listens on the same port again, with the same databases. The
// signals reach only whoever started the process (a test script), never the app's origin.
let server = null;
const sockets = new Set();
let boundPort = port;

function listen() {
  server = app.listen(boundPort, '127.0.0.1', () => {
    boundPort = server.address().port;
    console.log(`sync test server listening on http://127.0.0.1:${boundPort}/`);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
}

function stopListening() {
  if (!server) return;
  const closing = server;
  server = null;
  closing.close(() => console.log(`sync test server stopped listening on port ${boundPort}`));
  for (const socket of sockets) socket.destroy();
}

listen();
// While the port is closed nothing else keeps Node running.
const alive = setInterval(() => {}, 1 << 30);
process.on('SIGUSR1', stopListening);
process.on('SIGUSR2', () => {
  if (!server) listen();
});
const stop = () => {
  clearInterval(alive);
  for (const socket of sockets) socket.destroy();
  if (server) server.close(() => process.exit(0));
  else process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
