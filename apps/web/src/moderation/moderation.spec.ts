import { AUDIT_ACTIONS, ErrorCode } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/rest';
import { describeAuditAction, describeAuditDetails } from './audit';
import { banRequest } from './choices';
import { banReasonProblem, reportReasonProblem } from './reasons';
import { describeModerationRefusal } from './refusals';

describe('describeAuditAction', () => {
  it('words each action with its target', () => {
    expect(describeAuditAction({ action: 'ban', target: 'bea' })).toBe('banned bea');
    expect(describeAuditAction({ action: 'admin_revoke', target: 'bea' })).toBe('took server admin away from bea');
    expect(describeAuditAction({ action: 'report_resolve', target: 'r-1' })).toBe('resolved report r-1');
  });

  it('words every action the contract has, each its own way and none by its code', () => {
    const phrases = AUDIT_ACTIONS.map((action) => describeAuditAction({ action, target: 'x' }));
    expect(new Set(phrases).size).toBe(AUDIT_ACTIONS.length);
    for (const phrase of phrases) expect(phrase).not.toContain('_');
  });
});

describe('describeAuditDetails', () => {
  it('lists each detail as words, in order', () => {
    expect(describeAuditDetails({ reason: 'spam', minutes: 60, was_admin: true, until: null })).toEqual([
      'reason: spam',
      'minutes: 60',
      'was admin: yes',
      'until: none',
    ]);
  });
});

describe('banRequest', () => {
  it('leaves out a blank reason and the length of a ban for good', () => {
    expect(banRequest('bea', { reason: '  ' })).toEqual({ username: 'bea' });
    expect(banRequest('bea', { reason: ' spam ', minutes: 60 })).toEqual({
      username: 'bea',
      reason: 'spam',
      minutes: 60,
    });
  });
});

describe('reportReasonProblem and banReasonProblem', () => {
  it('requires a report to say why, in 500 characters at most', () => {
    expect(reportReasonProblem('  ')).toBe('Say what is wrong with this message.');
    expect(reportReasonProblem('😀'.repeat(500))).toBeNull();
    expect(reportReasonProblem('x'.repeat(501))).toBe('At most 500 characters.');
  });

  it('lets a ban say nothing, but no more than 500 characters', () => {
    expect(banReasonProblem('')).toBeNull();
    expect(banReasonProblem('x'.repeat(501))).toBe('At most 500 characters.');
  });
});

describe('describeModerationRefusal', () => {
  it('says in words what each named refusal means', () => {
    const refused = (code: ErrorCode) => new ApiError(409, 'raw server text', undefined, code);
    expect(describeModerationRefusal(refused(ErrorCode.LastAdmin), 'take admin away from ali')).toBe(
      'Could not take admin away from ali. The server must keep at least one admin: make someone else an admin first.',
    );
    expect(describeModerationRefusal(refused(ErrorCode.Self), 'deactivate ali')).toBe(
      'Could not deactivate ali. You cannot do that to yourself.',
    );
    expect(describeModerationRefusal(refused(ErrorCode.OwnerProtected), 'ban ali')).toContain(
      'The room’s owner cannot be banned or muted',
    );
  });

  it('falls back on the status, then on the server’s own words', () => {
    expect(describeModerationRefusal(new ApiError(403, 'Forbidden'), 'ban bea')).toBe(
      'Could not ban bea: you are not allowed to.',
    );
    expect(describeModerationRefusal(new ApiError(500, 'Boom'), 'ban bea')).toBe('Could not ban bea: Boom');
  });
});
