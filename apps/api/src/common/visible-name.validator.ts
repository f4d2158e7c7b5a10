import { hasInvisibleOrControl } from '@parley/contracts';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A name shown to others (a room's display name): no control, format or separator characters (docs/protocol.md). */
export function IsVisibleName(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isVisibleName',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !hasInvisibleOrControl(value),
        defaultMessage: () => 'name must not hold control, invisible or bidirectional-control characters',
      },
    },
    options,
  );
}
