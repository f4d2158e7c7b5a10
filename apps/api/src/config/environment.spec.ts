import { validateEnvironment } from './environment.js';

describe('validateEnvironment', () => {
  it('applies the defaults when nothing is set', () => {
    expect(validateEnvironment({})).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      DATABASE_URL: undefined,
      MESSAGE_BATCH_MAX: 500,
    });
  });

  it('converts numbers and ignores unrelated variables', () => {
    const environment = validateEnvironment({ PORT: '8080', PATH: '/usr/bin' });
    expect(environment.PORT).toBe(8080);
    expect(environment).not.toHaveProperty('PATH');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT="eighty"/],
    [{ PORT: '70000' }, /PORT=70000/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud"/],
    [{ DATABASE_URL: 'postgres://x' }, /DATABASE_URL="postgres:\/\/x": DATABASE_URL must start with/],
  ])('refuses %j with one line naming the variable', (raw, message) => {
    expect(() => validateEnvironment(raw)).toThrow(message);
    expect(() => validateEnvironment(raw)).toThrow(/^Invalid configuration: [^\n]+$/);
  });

  it('refuses a setting under its old name rather than ignoring it', () => {
    expect(() => validateEnvironment({ WS_TRUST_PROXY: 'true' })).toThrow(
      'Invalid configuration: WS_TRUST_PROXY is now TRUST_PROXY',
    );
  });

  it('treats an empty value as unset', () => {
    expect(validateEnvironment({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
