import { ref, shallowRef } from 'vue';

/**
 * One form's trip to the server: whether it is under way, and why the last one failed, in the form's own terms.
 * A submit while one is under way is ignored.
 */
export function useSubmission<Args extends unknown[], Failure>(
  action: (...args: Args) => Promise<void>,
  describeFailure: (error: unknown, ...args: Args) => Failure,
) {
  const pending = ref(false);
  const failure = shallowRef<Failure | null>(null);

  /** True once the action succeeded. */
  async function submit(...args: Args): Promise<boolean> {
    if (pending.value) return false;
    pending.value = true;
    failure.value = null;
    try {
      await action(...args);
      return true;
    } catch (error) {
      failure.value = describeFailure(error, ...args);
      return false;
    } finally {
      pending.value = false;
    }
  }

  return { pending, failure, submit };
}
