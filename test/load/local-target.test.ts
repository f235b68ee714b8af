import { checkLoadTarget, RefusedTargetError } from '../../load/local-target';

test('loopback targets pass; others only when explicitly allowed', () => {
  for (const url of ['http://127.0.0.1:4101', 'http://localhost:4102/base', 'http://[::1]:4103', 'http://127.0.0.2:80']) {
    expect(checkLoadTarget(url).href).toContain(new URL(url).host);
  }
  for (const url of ['http://172.17.0.2:4101', 'http://example.com', 'http://localhost.example.com', 'ftp://127.0.0.1']) {
    expect(() => checkLoadTarget(url)).toThrow(RefusedTargetError);
  }
  expect(checkLoadTarget('http://172.17.0.2:4101', ['172.17.0.2']).hostname).toBe('172.17.0.2');
  expect(() => checkLoadTarget('not a url')).toThrow(/not a URL/);
});
