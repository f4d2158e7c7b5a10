import { CloseCode } from '@parley/contracts';
import { Identity } from '../../identity/identity.js';
import { AccessLedger } from './access-ledger.js';

const member = Identity.user('u-ali', 'ali', 's-1');

describe('AccessLedger', () => {
  it('finds a removal recorded after the rights were read, and only for that member and room', () => {
    const ledger = new AccessLedger();
    const readAt = ledger.current;
    const inRoom = ledger.grant(member, 7, readAt);
    const inOtherRoom = ledger.grant(member, 8, readAt);
    const someoneElse = ledger.grant(Identity.user('u-bea', 'bea', 's-2'), 7, readAt);
    ledger.memberRemoved(7, 'u-ali');
    expect(ledger.check(inRoom)).toMatchObject({ code: CloseCode.RemovedFromRoom });
    expect(ledger.check(inOtherRoom)).toBe('valid');
    expect(ledger.check(someoneElse)).toBe('valid');
  });

  it('does not hold a revocation against rights read after it (a member added back)', () => {
    const ledger = new AccessLedger();
    ledger.memberRemoved(7, 'u-ali');
    expect(ledger.check(ledger.grant(member, 7, ledger.current))).toBe('valid');
  });

  it('revokes every grant of a session, in any room and its user stream', () => {
    const ledger = new AccessLedger();
    const readAt = ledger.current;
    const grants = [ledger.grant(member, 7, readAt), ledger.grant(member, null, readAt)];
    ledger.sessionsRevoked(['s-1']);
    for (const grant of grants) expect(ledger.check(grant)).toMatchObject({ code: CloseCode.Unauthorized });
  });

  it('takes a guest’s name from them when a name that folds to it is registered', () => {
    const ledger = new AccessLedger();
    const readAt = ledger.current;
    const guest = ledger.grant(Identity.guest('ＡＬＩ'), 7, readAt);
    const other = ledger.grant(Identity.guest('bea'), 7, readAt);
    ledger.nameRegistered('ali');
    expect(ledger.check(guest)).toMatchObject({ code: CloseCode.NameTaken });
    expect(ledger.check(other)).toBe('valid');
  });

  it('calls a grant from before a resync stale until its rights are read again', () => {
    const ledger = new AccessLedger();
    const grant = ledger.grant(member, 7, ledger.current);
    ledger.resynced();
    expect(ledger.check(grant)).toBe('stale');
    ledger.renew(grant, ledger.current);
    expect(ledger.check(grant)).toBe('valid');
  });

  it('keeps a revocation found, however many unrelated ones follow', () => {
    const ledger = new AccessLedger();
    const grant = ledger.grant(member, 7, ledger.current);
    ledger.memberRemoved(7, 'u-ali');
    for (let i = 0; i < 100; i++) ledger.sessionsRevoked([`other-${i}`]);
    expect(ledger.check(grant)).toMatchObject({ code: CloseCode.RemovedFromRoom });
  });
});
