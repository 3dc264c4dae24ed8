/** The IPVS and ipset kernel models and the tools that print them. */
export { IpvsTable, KUBE_PROXY_SYSCTLS, IpvsError, type IpvsPacket, type IpvsVerdict, type IpvsSysctls } from './table';
export { IpvsService, IpvsDest, SVC_F, SCHEDULER_NAMES, isSchedulerName, type SchedulerName, type ServiceSpec, type DestSpec, type ForwardMethod } from './types';
export type { IpvsConn, IpvsTemplate, TcpState, TcpFlags } from './connections';
export { ipvsadmList, type IpvsadmListOptions, type CommandResult } from './ipvsadm';
export { IpSet, IpsetRegistry, IpsetError, deriveInitval, type IpsetType } from './ipset';
export { ipsetList } from './ipsetList';
export { ipsetTester, setMatchesPacket } from './ipsetMatch';
export type { Protocol } from './addr';
