// A minimal MCP server over stdio (newline-delimited JSON-RPC), in plain Node with no dependencies, for the
// stdio package tests. Its tools expose what the tests need to observe: environment, process id, stderr, crashes.
'use strict';
const readline = require('readline');

const tools = [
  { name: 'env', description: 'Returns the value of an environment variable, or (unset).', inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
  { name: 'pid', description: 'Returns the process id.', inputSchema: { type: 'object', properties: {} } },
  { name: 'cwd', description: 'Returns the working directory.', inputSchema: { type: 'object', properties: {} } },
  { name: 'args', description: 'Returns the command line arguments after the script.', inputSchema: { type: 'object', properties: {} } },
  { name: 'stderr', description: 'Writes a line to stderr.', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
  { name: 'crash', description: 'Exits the process without answering.', inputSchema: { type: 'object', properties: {} } },
];

function send(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

function text(id, value) {
  send({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: String(value) }] } });
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) {
    return;
  }

  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return;
  }

  if (message.id === undefined || message.method === undefined) {
    return; // a notification, or a response to nothing we asked
  }

  const { id, method, params } = message;
  switch (method) {
    case 'initialize':
      // Agree to whatever revision the client asks for: the tests are about processes, not protocol negotiation.
      return send({ jsonrpc: '2.0', id, result: { protocolVersion: (params && params.protocolVersion) || '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'fake-stdio', version: '1.0.0' } } });
    case 'ping':
      return send({ jsonrpc: '2.0', id, result: {} });
    case 'tools/list':
      return send({ jsonrpc: '2.0', id, result: { tools } });
    case 'tools/call': {
      const args = (params && params.arguments) || {};
      switch (params && params.name) {
        case 'env': return text(id, process.env[args.name] === undefined ? '(unset)' : process.env[args.name]);
        case 'pid': return text(id, process.pid);
        case 'cwd': return text(id, process.cwd());
        case 'args': return text(id, JSON.stringify(process.argv.slice(2)));
        case 'stderr':
          process.stderr.write(args.text + '\n');
          return text(id, 'written');
        case 'crash':
          return process.exit(3);
        default:
          return send({ jsonrpc: '2.0', id, error: { code: -32602, message: 'Unknown tool: ' + (params && params.name) } });
      }
    }
    default:
      return send({ jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found: ' + method } });
  }
});
