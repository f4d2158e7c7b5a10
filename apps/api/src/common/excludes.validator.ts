import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** The decorated property may not be given together with `other`. */
export function Excludes(other: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'excludes',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [other],
      options: { message: `${String(propertyName)} and ${other} cannot be used together`, ...options },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value === undefined || (args.object as Record<string, unknown>)[other] === undefined,
      },
    });
}
