import { mount, RouterLinkStub } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import CreateRoomForm from './CreateRoomForm.vue';
import JoinRoomForm from './JoinRoomForm.vue';
import NamePicker from './NamePicker.vue';

describe('JoinRoomForm', () => {
  it('joins the normalized room name', async () => {
    const wrapper = mount(JoinRoomForm);
    await wrapper.get('input').setValue(' Book-Club ');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('join')).toEqual([['book-club']]);
  });

  it('says why a room name is refused and does not join', async () => {
    const wrapper = mount(JoinRoomForm);
    await wrapper.get('input').setValue('book club');
    await wrapper.get('form').trigger('submit');

    expect(wrapper.emitted('join')).toBeUndefined();
    expect(wrapper.get('[role="alert"]').text()).toMatch(/no spaces/);
    expect(wrapper.get('input').attributes('aria-invalid')).toBe('true');
  });
});

describe('CreateRoomForm', () => {
  const mountForm = (failure: { message: string; roomExists: boolean } | null = null) =>
    mount(CreateRoomForm, {
      props: { creating: false, failure },
      global: { stubs: { RouterLink: RouterLinkStub } },
    });

  it('asks for the room with its optional display name', async () => {
    const wrapper = mountForm();
    const [slug, name] = wrapper.findAll('input');
    await slug?.setValue('Book-Club');
    await name?.setValue('  Book Club ');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('create')).toEqual([[{ slug: 'book-club', name: 'Book Club' }]]);
  });

  it('leaves the display name out when blank', async () => {
    const wrapper = mountForm();
    await wrapper.get('input').setValue('quiet');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('create')).toEqual([[{ slug: 'quiet' }]]);
  });

  it('refuses an invalid room name before asking the server', async () => {
    const wrapper = mountForm();
    await wrapper.get('input').setValue('x'.repeat(65));
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('create')).toBeUndefined();
    expect(wrapper.text()).toContain('at most 64 characters');
  });

  it("shows the server's refusal, and for a taken name a link to that room", async () => {
    const wrapper = mountForm();
    await wrapper.get('input').setValue('general');
    await wrapper.get('form').trigger('submit');
    await wrapper.setProps({ failure: { message: 'Room "general" already exists', roomExists: true } });

    expect(wrapper.get('.alert').text()).toContain('Room "general" already exists');
    expect(wrapper.getComponent(RouterLinkStub).props('to')).toBe('/chat/general');
  });

  it('offers no link when the refusal is not a conflict', () => {
    const wrapper = mountForm({ message: 'slug must be shorter', roomExists: false });
    expect(wrapper.get('.alert').text()).toContain('slug must be shorter');
    expect(wrapper.findComponent(RouterLinkStub).exists()).toBe(false);
  });
});

describe('NamePicker', () => {
  it('chooses a valid name', async () => {
    const wrapper = mount(NamePicker);
    await wrapper.get('input').setValue('Ali');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('choose')).toEqual([['Ali']]);
  });

  it('says why a name is refused', async () => {
    const wrapper = mount(NamePicker);
    await wrapper.get('input').setValue('n'.repeat(33));
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('choose')).toBeUndefined();
    expect(wrapper.get('[role="alert"]').text()).toContain('at most 32 characters');
  });

  it('starts from the current name when changing it, and can be cancelled', async () => {
    const wrapper = mount(NamePicker, { props: { initialName: 'Ali' } });
    expect((wrapper.get('input').element as HTMLInputElement).value).toBe('Ali');
    await wrapper.get('button[type="button"]').trigger('click');
    expect(wrapper.emitted('cancel')).toHaveLength(1);
  });
});
