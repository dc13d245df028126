// The part of jStat (https://jstat.github.io) the analyses use: distribution functions.
declare module 'jstat' {
  interface Dist { cdf(x: number, ...params: number[]): number; inv(p: number, ...params: number[]): number }
  export const jStat: { studentt: Dist; normal: Dist; chisquare: Dist };
}
