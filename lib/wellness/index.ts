// Wellness platform: record kinds of the linked sources and the synthetic-resident generator.
export * from './kinds';
