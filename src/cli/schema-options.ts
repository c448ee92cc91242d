import type { Command } from 'commander';
import type { z } from 'zod';

/** How a key of a query schema is written on the command line: the value's placeholder (none for a switch). */
export interface SchemaFlag {
  value?: `<${string}>`;
  /** A default shown in the help and passed on as the API would receive it, as text. */
  default?: string;
}

const kebabCase = (key: string) => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/**
 * Adds an option for keys of a query schema, `--kebab-case`, with the description the schema gives the API. Every key
 * is listed, as a flag or as `false` where the command line leaves it out, so a key added to the API's query is a
 * choice made here too, not one forgotten. Options are added in the order listed.
 */
export function addSchemaOptions<S extends z.ZodObject>(command: Command, schema: S, flags: { [K in keyof S['shape'] & string]: SchemaFlag | false }): Command {
  for (const [key, flag] of Object.entries<SchemaFlag | false>(flags)) {
    if (!flag) continue;
    const description = (schema.shape[key] as z.ZodType | undefined)?.description;
    if (!description) throw new Error(`the query schema does not describe ${key}`);
    const option = `--${kebabCase(key)}${flag.value ? ` ${flag.value}` : ''}`;
    if (flag.default === undefined) command.option(option, description);
    else command.option(option, description, flag.default);
  }
  return command;
}
