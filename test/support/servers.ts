/**
 * Test helpers for real servers: whether a binary is installed. A missing binary is announced
 * loudly (tests then skip); with CACHEBENCH_REQUIRE_SERVERS=1 (CI) it is an error instead, so a
 * CI machine without the servers cannot pass by skipping.
 */
import { findBinary, missingBinaryMessage, type ServerBinary } from '../../engines/real/managed/index.js';

const warned = new Set<string>();

export function serversRequired(): boolean {
  return process.env.CACHEBENCH_REQUIRE_SERVERS === '1';
}

export function serverAvailable(binary: ServerBinary): boolean {
  if (findBinary(binary) !== null) return true;
  const message = missingBinaryMessage(binary);
  if (serversRequired()) {
    throw new Error(`CACHEBENCH_REQUIRE_SERVERS=1 but ${message}`);
  }
  if (!warned.has(binary)) {
    warned.add(binary);
    console.warn(`\n!!! SKIPPING tests that need ${binary}: ${message}\n`);
  }
  return false;
}
