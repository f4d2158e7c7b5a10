import type { RoomSummary } from '@parley/contracts';
import { mount, RouterLinkStub } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import RoomList from './RoomList.vue';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

const rooms: RoomSummary[] = [
  {
    slug: 'busy',
    name: 'Busy room',
    visibility: 'public',
    kind: 'room',
    createdAt: '2024-12-01T00:00:00.000Z',
    lastMessageAt: '2025-01-01T11:55:00.000Z',
    guests: true,
  },
  {
    slug: 'quiet',
    name: 'Quiet room',
    visibility: 'public',
    kind: 'room',
    createdAt: '2024-12-01T00:00:00.000Z',
    lastMessageAt: null,
    guests: true,
  },
];

describe('RoomList', () => {
  it('links each room with its name, slug and when it was last active', () => {
    const wrapper = mount(RoomList, { props: { rooms, now: NOW }, global: { stubs: { RouterLink: RouterLinkStub } } });
    const links = wrapper.findAllComponents(RouterLinkStub);

    expect(links.map((link) => link.props('to'))).toEqual(['/chat/busy', '/chat/quiet']);
    expect(links[0]?.text()).toContain('Busy room');
    expect(links[0]?.text()).toContain('/busy');
    expect(links[0]?.text()).toMatch(/Last message\s+5 minutes ago/);
    expect(links[1]?.text()).toContain('No messages yet');
  });
});
