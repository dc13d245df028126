// Wellness platform: record kinds of the linked sources and the synthetic-resident generator.
export * from './kinds';
export * from './generator';
export * from './opendata';
