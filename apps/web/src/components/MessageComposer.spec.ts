import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { ApiError } from '../api/rest';
import { fileApiPlugin } from '../composables/useFileApi';
import { FakeFileApi } from '../testing/fakeFileApi';
import MessageComposer from './MessageComposer.vue';

type ComposerProps = InstanceType<typeof MessageComposer>['$props'];

function mountWith(props: Partial<ComposerProps> = {}, files = new FakeFileApi(), attachTo?: HTMLElement) {
  return mount(MessageComposer, {
    props: { room: 'general', ...props },
    global: { plugins: [fileApiPlugin(files)] },
    attachTo,
  });
}

function mountComposer(disabled = false) {
  const wrapper = mountWith({ disabled });
  return { wrapper, textarea: wrapper.get('textarea'), sendButton: wrapper.get('button[type="submit"]') };
}

describe('MessageComposer', () => {
  it('sends on Enter and clears the input', async () => {
    const { wrapper, textarea } = mountComposer();
    await textarea.setValue('hello');
    await textarea.trigger('keydown', { key: 'Enter' });

    expect(wrapper.emitted('send')).toEqual([['hello', []]]);
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
    expect(wrapper.emitted('send')).toEqual([['by click', []]]);
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

  it('says why the user may not write, and sends nothing meanwhile', async () => {
    const wrapper = mountWith();
    const textarea = wrapper.get('textarea');
    await textarea.setValue('hello');
    await wrapper.setProps({ disabledReason: 'You are muted in this room until 15:32.' });
    expect(wrapper.get('[role="status"]').text()).toBe('You are muted in this room until 15:32.');
    expect((textarea.element as HTMLTextAreaElement).disabled).toBe(true);
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeDefined();
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('send')).toBeUndefined();

    await wrapper.setProps({ disabledReason: null });
    expect(wrapper.find('[role="status"]').exists()).toBe(false);
    expect((textarea.element as HTMLTextAreaElement).disabled).toBe(false);
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('send')).toEqual([['hello', []]]);
  });

  it('has a label for its input', () => {
    const { wrapper, textarea } = mountComposer();
    expect(wrapper.get(`label[for="${textarea.attributes('id')}"]`).text()).toBe('Message');
  });
});

describe('MessageComposer replying and editing', () => {
  const reply = { username: 'bea', excerpt: 'are we on?' };

  it('says whom the message answers, and cancels the reply on Esc or with its button', async () => {
    const wrapper = mountWith({ replyingTo: reply });
    expect(wrapper.get('.composer__mode').text()).toContain('Replying to bea: are we on?');
    await wrapper.get('textarea').trigger('keydown', { key: 'Escape' });
    await wrapper.get('button[aria-label="Cancel the reply"]').trigger('click');
    expect(wrapper.emitted('cancel')).toHaveLength(2);
  });

  it('sends a reply like any message', async () => {
    const wrapper = mountWith({ replyingTo: reply });
    await wrapper.get('textarea').setValue('yes');
    await wrapper.get('textarea').trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('send')).toEqual([['yes', []]]);
  });

  it('asks to edit the last message on ↑ in an empty composer, and not once something is typed', async () => {
    const wrapper = mountWith();
    const textarea = wrapper.get('textarea');
    await textarea.trigger('keydown', { key: 'ArrowUp' });
    expect(wrapper.emitted('editLast')).toHaveLength(1);
    await textarea.setValue('a draft');
    await textarea.trigger('keydown', { key: 'ArrowUp' });
    expect(wrapper.emitted('editLast')).toHaveLength(1);
  });

  it('puts the text of the message edited in the input, saves it on Enter, and brings the draft back after', async () => {
    const wrapper = mountWith({}, undefined, document.body);
    const textarea = wrapper.get('textarea');
    await textarea.setValue('half a thought');
    await wrapper.setProps({ editing: { key: '7', content: 'what I said' } });
    await nextTick();

    const input = textarea.element as HTMLTextAreaElement;
    expect(input.value).toBe('what I said');
    expect(document.activeElement).toBe(input);
    expect(wrapper.get('.composer__mode').text()).toContain('Editing — Esc to cancel');
    expect(wrapper.get('button[type="submit"]').text()).toBe('Save');

    await textarea.setValue('what I meant');
    await textarea.trigger('keydown', { key: 'ArrowUp' });
    await textarea.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('save')).toEqual([['what I meant']]);
    expect(wrapper.emitted('send')).toBeUndefined();
    expect(wrapper.emitted('editLast')).toBeUndefined();

    await wrapper.setProps({ editing: null });
    expect(input.value).toBe('half a thought');
    wrapper.unmount();
  });

  it('cancels an edit on Esc', async () => {
    const wrapper = mountWith({ editing: { key: '7', content: 'what I said' } });
    const event = new KeyboardEvent('keydown', { key: 'Escape', cancelable: true });
    wrapper.get('textarea').element.dispatchEvent(event);
    expect(wrapper.emitted('cancel')).toHaveLength(1);
    expect(event.defaultPrevented).toBe(true);
  });

  it('does not tell the room the user is typing while they edit', async () => {
    const wrapper = mountWith();
    await wrapper.get('textarea').setValue('draft');
    await wrapper.setProps({ editing: { key: '7', content: 'what I said' } });
    await nextTick();
    await wrapper.get('textarea').setValue('what I meant');
    expect(wrapper.emitted('draft')).toEqual([['draft'], ['']]);
  });

  it('does nothing on Esc with nothing to cancel', async () => {
    const wrapper = mountWith();
    await wrapper.get('textarea').trigger('keydown', { key: 'Escape' });
    expect(wrapper.emitted('cancel')).toBeUndefined();
  });

  describe('files', () => {
    async function choose(wrapper: ReturnType<typeof mountWith>, ...files: File[]) {
      const input = wrapper.get('input[type="file"]');
      Object.defineProperty(input.element, 'files', { value: files, configurable: true });
      await input.trigger('change');
    }

    const pdf = () => new File(['%PDF-1.4'], 'plan.pdf', { type: 'application/pdf' });

    it('uploads a chosen file to the room at once, shows its progress, and sends it with an empty text', async () => {
      const files = new FakeFileApi();
      const wrapper = mountWith({ canAttach: true }, files);
      await choose(wrapper, pdf());
      expect(files.held.map((upload) => [upload.room, upload.file.name])).toEqual([['general', 'plan.pdf']]);
      files.held[0].progress(4, 8);
      await nextTick();
      expect(wrapper.get('progress').attributes('value')).toBe('4');
      files.held[0].finish();
      await flushPromises();
      expect(wrapper.text()).toContain('Ready');
      await wrapper.get('textarea').trigger('keydown', { key: 'Enter' });
      expect(wrapper.emitted('send')).toEqual([['', [expect.objectContaining({ id: 'file-1', name: 'plan.pdf' })]]]);
      expect(wrapper.find('progress').exists()).toBe(false);
      expect(wrapper.text()).not.toContain('plan.pdf');
    });

    it('sends a message pressed while its files upload once they are all up', async () => {
      const files = new FakeFileApi();
      const wrapper = mountWith({ canAttach: true }, files);
      await choose(wrapper, pdf(), new File(['x'], 'notes.txt'));
      await wrapper.get('textarea').setValue('both');
      await wrapper.get('textarea').trigger('keydown', { key: 'Enter' });
      expect(wrapper.text()).toContain('Sends once the files are up');
      files.held[0].finish();
      await flushPromises();
      expect(wrapper.emitted('send')).toBeUndefined();
      files.held[1].finish();
      await flushPromises();
      expect(wrapper.emitted('send')).toEqual([
        ['both', [expect.objectContaining({ id: 'file-1' }), expect.objectContaining({ id: 'file-2' })]],
      ]);
    });

    it('says why an upload failed, and sends nothing until the failed file is removed', async () => {
      const files = new FakeFileApi();
      const wrapper = mountWith({ canAttach: true }, files);
      await choose(wrapper, pdf());
      files.held[0].fail(new ApiError(413, 'too large'));
      await flushPromises();
      expect(wrapper.get('[role="alert"]').text()).toMatch(/^Too large: files may be at most 25 MB/);
      await wrapper.get('textarea').setValue('text');
      expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeDefined();
      await wrapper.get('button[aria-label="Remove plan.pdf"]').trigger('click');
      expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeUndefined();
    });

    it('cancels an upload still running when its file is taken away', async () => {
      const files = new FakeFileApi();
      const wrapper = mountWith({ canAttach: true }, files);
      await choose(wrapper, pdf());
      await wrapper.get('button[aria-label="Cancel plan.pdf"]').trigger('click');
      expect(files.held[0].signal.aborted).toBe(true);
      expect(wrapper.text()).not.toContain('plan.pdf');
    });

    it('takes a pasted image', async () => {
      const files = new FakeFileApi();
      const wrapper = mountWith({ canAttach: true }, files);
      const image = new File(['png'], '', { type: 'image/png' });
      await wrapper.get('textarea').trigger('paste', { clipboardData: { files: [image] } });
      expect(files.held.map((upload) => upload.file.name)).toEqual(['pasted image.png']);
    });

    it('offers no files to someone who may not share them (a guest)', async () => {
      const files = new FakeFileApi();
      const wrapper = mountWith({ canAttach: false }, files);
      expect(wrapper.find('input[type="file"]').exists()).toBe(false);
      await wrapper.get('textarea').trigger('paste', { clipboardData: { files: [new File(['png'], 'a.png')] } });
      expect(files.held).toEqual([]);
    });
  });
});
