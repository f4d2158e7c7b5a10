import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import MessageComposer from './MessageComposer.vue';

function mountComposer(disabled = false) {
  const wrapper = mount(MessageComposer, { props: { disabled } });
  return { wrapper, textarea: wrapper.get('textarea'), sendButton: wrapper.get('button[type="submit"]') };
}

describe('MessageComposer', () => {
  it('sends on Enter and clears the input', async () => {
    const { wrapper, textarea } = mountComposer();
    await textarea.setValue('hello');
    await textarea.trigger('keydown', { key: 'Enter' });

    expect(wrapper.emitted('send')).toEqual([['hello']]);
    expect((textarea.element as HTMLTextAreaElement).value).toBe('');
  });

  it('tells every change of the draft, the emptying after a send included', async () => {
    const { wrapper, textarea } = mountComposer();
    await textarea.setValue('h');
    await textarea.setValue('hi');
    await textarea.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('draft')).toEqual([['h'], ['hi'], ['']]);
  });

  it('does not send on Shift+Enter, which types a newline', async () => {
    const { wrapper, textarea } = mountComposer();
    await textarea.setValue('line one');
    const event = new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, cancelable: true });
    textarea.element.dispatchEvent(event);

    expect(wrapper.emitted('send')).toBeUndefined();
    expect(event.defaultPrevented).toBe(false);
  });

  it('does not send while an input method is composing', async () => {
    const { wrapper, textarea } = mountComposer();
    await textarea.setValue('にほん');
    await textarea.trigger('keydown', { key: 'Enter', isComposing: true });
    expect(wrapper.emitted('send')).toBeUndefined();
  });

  it('sends with the Send button', async () => {
    const { wrapper, textarea } = mountComposer();
    await textarea.setValue('by click');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('send')).toEqual([['by click']]);
  });

  it('cannot send blank content', async () => {
    const { wrapper, textarea, sendButton } = mountComposer();
    await textarea.setValue('  \n ');
    expect(sendButton.attributes('disabled')).toBeDefined();
    await textarea.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('send')).toBeUndefined();
  });

  it('shows no counter for ordinary messages', async () => {
    const { wrapper, textarea } = mountComposer();
    await textarea.setValue('x'.repeat(1799));
    expect(wrapper.find('.composer__counter').exists()).toBe(false);
  });

  it('shows the count near the limit', async () => {
    const { wrapper, textarea, sendButton } = mountComposer();
    await textarea.setValue('x'.repeat(1950));
    const counter = wrapper.get('.composer__counter');
    expect(counter.text()).toBe(`${(1950).toLocaleString()} / ${(2000).toLocaleString()}`);
    expect(counter.classes()).not.toContain('composer__counter--over');
    expect(sendButton.attributes('disabled')).toBeUndefined();
  });

  it('turns the counter red and refuses to send over the limit', async () => {
    const { wrapper, textarea, sendButton } = mountComposer();
    await textarea.setValue('x'.repeat(2001));
    expect(wrapper.get('.composer__counter').classes()).toContain('composer__counter--over');
    expect(textarea.attributes('aria-invalid')).toBe('true');
    expect(sendButton.attributes('disabled')).toBeDefined();
    await textarea.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('send')).toBeUndefined();
  });

  it('sends nothing while disabled', async () => {
    const { wrapper, textarea } = mountComposer(true);
    await textarea.setValue('hello');
    await textarea.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('send')).toBeUndefined();
  });

  it('has a label for its input', () => {
    const { wrapper, textarea } = mountComposer();
    expect(wrapper.get(`label[for="${textarea.attributes('id')}"]`).text()).toBe('Message');
  });
});
