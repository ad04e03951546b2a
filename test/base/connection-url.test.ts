import { describe, expect, it } from 'vitest';
import { checkConnectionUrl, maskConnectionUrl } from '../../src-main/base/connection-url';

describe('connection URLs', () => {
  it('masks the password in the user part and in a password parameter', () => {
    expect(maskConnectionUrl('postgres://hark:pa55@nas.local:5432/sfx')).toBe(
      'postgres://hark:****@nas.local:5432/sfx',
    );
    expect(maskConnectionUrl('postgresql://hark@nas/sfx?sslmode=require&password=pa55')).toBe(
      'postgresql://hark@nas/sfx?sslmode=require&password=****',
    );
    expect(maskConnectionUrl('postgres://hark@nas/sfx')).toBe('postgres://hark@nas/sfx');
  });

  it("masks an encrypted client key's passphrase (sslpassword) and shows the certificate files", () => {
    expect(maskConnectionUrl('postgres://hark@nas/sfx?sslcert=/k/seat.crt&sslkey=/k/seat.key&sslpassword=s3cret')).toBe(
      'postgres://hark@nas/sfx?sslcert=%2Fk%2Fseat.crt&sslkey=%2Fk%2Fseat.key&sslpassword=****',
    );
  });

  it('never echoes a string that is not a URL (it may be a bare password)', () => {
    expect(maskConnectionUrl('host=nas password=pa55')).not.toContain('pa55');
  });

  it('accepts only postgres URLs, and says why without the password', () => {
    expect(() => checkConnectionUrl('postgres://hark@127.0.0.1:5432/sfx')).not.toThrow();
    expect(() => checkConnectionUrl('mysql://hark:pa55@nas/sfx')).toThrow(
      /mysql:\/\/hark:\*\*\*\*@nas\/sfx is not a postgres/,
    );
    expect(() => checkConnectionUrl('pa55')).toThrow(/needs a URL like postgres:/);
  });
});
