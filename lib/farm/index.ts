// Farm knowledge: the work log, farm records in the records store, season reports, the cultivation manual draft,
// soil sheets, indicators shared between towns and NGSI-v2 export. No Node-RED import.
export * from './kinds';
export * from './entry';
export * from './worklog';
export * from './labels';
export * from './records';
export * from './season';
export * from './report';
export { RenderWorker } from './render/run';
export type { RenderJob, RenderResult } from './render/jobs';
export * from './manual';
export * from './growers';
export * from './files';
export * from './generate';
export * from './ngsi';
export * from './share';
export * from './soil';
