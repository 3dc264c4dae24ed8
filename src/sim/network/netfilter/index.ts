/**
 * Netfilter as data: tables, chains and rules (netfilter.ts, rule.ts), their text as iptables 1.8.9
 * prints it (text.ts, save.ts, list.ts), and the packet walk over them (evaluate.ts).
 */
export * from './addr';
export * from './rule';
export * from './netfilter';
export * from './text';
export * from './save';
export * from './list';
export * from './evaluate';
export * from './kubelet';
export * from './argv';
export * from './restore';
export { formatFixed } from './decimal';
