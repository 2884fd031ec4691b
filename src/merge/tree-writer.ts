/** The merge lane's object streams are the git port's (src/workspace/tree-writer.ts); this path stays for the scheduler's imports. */
export { TreeWriter, parseTreeObject } from '../workspace/tree-writer.js';
