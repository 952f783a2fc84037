/**
 * The lean RESP2 driver: command writer, streaming reply parser, pipelined connections with
 * timeouts and reconnects, and a round-robin client with the kv fast paths.
 */
export { RespClient, type RespClientOptions } from './client.js';
export { RespConnection, Settle, type RespConnectionOptions } from './connection.js';
export { ReplyParser, RespProtocolError } from './parser.js';
export { CommandWriter, commandHead } from './writer.js';
