/**
 * The flag values a command's handler receives, as a type derived from the command's yargs builder, so a flag
 * declared once in the builder is typed everywhere it is read. yargs hands the handler every flag under its
 * declared name and its camelCase name; commands read the camelCase one, so only those keys are kept. A flag
 * without a default or demandOption may be absent, so its key is optional: a caller that builds flags by hand
 * (the demo, tests) names only the flags it sets.
 */
import type { Argv } from 'yargs';

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

type MaybeAbsent<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];
type Present<T> = Exclude<keyof T, MaybeAbsent<T>>;

type Camel<K> = K extends string ? CamelCase<K> : never;

/** Parsed flag values `T` (what `Argv<T>` parses to) under their camelCase names. */
export type FlagValues<T> = { [K in Present<T> as Camel<K>]: T[K] } & { [K in MaybeAbsent<T> as Camel<K>]?: T[K] };

/** The flag values of a builder `(yargs) => yargs.option(...)...`. */
export type FlagsOf<Builder extends (yargs: Argv) => Argv<unknown>> = ReturnType<Builder> extends Argv<infer T> ? FlagValues<T> : never;
