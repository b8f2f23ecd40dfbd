import { afterAll, beforeAll } from 'vitest';
import { type ClickHouseServer, startClickHouse } from '../../clickhouse/clickhouse-server';

/** A ClickHouse with the documented schema for this test file: started before its tests, stopped after. */
export function clickHouseForTests(): ClickHouseServer {
  let server: ClickHouseServer | undefined;
  beforeAll(async () => {
    server = await startClickHouse();
    await server.runFile('schema.sql');
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return new Proxy({} as ClickHouseServer, {
    get(_target, property) {
      if (!server) throw new Error('ClickHouse is not started yet (use it inside a test)');
      return Reflect.get(server, property, server) as unknown;
    },
  });
}
