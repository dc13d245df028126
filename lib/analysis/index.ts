// Analyses for the wellness platform: record linkage, cross-tabulation with suppression, correlation, logistic
// regression (risk model), run off the event loop where heavy.
export * from './names';
export * from './linkage';
export * from './suppression';
export * from './crosstab';
export * from './correlation';
export * from './logistic';
export * from './risk';
export * from './offload';
export * from './crosstab-config';
