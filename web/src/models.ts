// Response shapes of the TrustLedger API (camelCase JSON), as far as the dashboard reads them.

export interface Party {
  address: string;
  name: string;
  sector: string;
  region: string;
  website: string;
  updatedAt: string;
}

export interface Attestation {
  uid: string;
  status: "pending" | "confirmed" | "revoked" | "failed";
  schema: string;
  schemaName: string | null;
  attester: string;
  subject: string;
  refUid: string | null;
  confirmedBy: string | null; // reciprocity proposals: the counterparty's confirming attestation
  fields: Record<string, string | number | null> | null;
  block: number | null;
  txHash: string | null;
  time: number | null;
  revocation: { status: string; block: number | null; txHash: string | null; error: RelayError | null } | null;
  error: RelayError | null;
}

export interface RelayError {
  code: string;
  detail: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Submitted {
  uid: string;
  requestId: number;
  status: string;
}

export interface Health {
  status: string;
  chain: { chainId: number; latestBlock: number | null; contracts: Record<string, { address: string; codeDeployed: boolean }> };
}

export interface SnapshotLeaf {
  party: string;
  score: number | string;
  rank: number | string;
  evidenceCount: number | string;
}

export interface ScoreSnapshot {
  epoch: number;
  root: string;
  contract: string;
  chainId: number;
  leaf: SnapshotLeaf;
  proof: string[];
}

export interface Contributor {
  party: string;
  amount: number;
  share: number;
  tie: string;
}

export interface Reputation {
  address: string;
  score: number;
  rank: number;
  percentile: number;
  confidence: number;
  evidence: { endorsements: number; confirmedReciprocity: number; negativeReports: number; raters: number };
  breakdown: { bonding: number; bridging: number; linking: number };
  topContributors: Contributor[];
  topDetractors?: Contributor[];
  summary?: string; // the API's plain-words explanation of the score
  community: number | string | null;
  asOfBlock: number;
  scoreVersion: string | number;
  sybilResistant: boolean;
  snapshot: ScoreSnapshot | null;
  externalEvidence?: ExternalEvidence[]; // what EAS / ERC-8004 sources said, newest first
}

/** One piece of evidence from an outside source, with what identifies it there. */
export interface ExternalEvidence {
  source: "eas" | "erc8004" | string;
  contract: string;
  id: string;
  attester: string;
  rating: number;
  category: string | null;
  block: number;
  txHash: string;
  inForce: boolean;
  uri: string;
  url: string | null;
}

export interface RankedParty {
  address: string;
  name: string | null;
  score: number;
  rank: number;
  percentile: number;
  confidence: number;
}

/** GET /v1/snapshots/{epoch} (the fields the badge compares). */
export interface PublishedSnapshot {
  epoch: number;
  status: string;
  merkleRoot?: string;
  root?: string; // older drafts of the API named it so
  computedAtBlock: number;
  partyCount: number;
  contract: string;
  publishedTx: string | null;
}

export type TieKind = "bonding" | "bridging" | "linking" | "endorsement";

export interface NetworkGraph {
  nodes: { id: string; label?: string; score: number; community: number | string; isCenter: boolean }[];
  edges: { source: string; target: string; kind: TieKind; weight: number }[];
  structuralHoles: string[];
  recommended: { party: string; reason: string }[];
}

export interface Recommendation {
  party: string;
  reason: string;
  score: number;
}

/** GET /v1/reward-programs items (the fields the page shows). */
export interface RewardProgram {
  id: number;
  name: string;
  symbol: string;
  status: string;
  token: string | null;
  epochLengthSeconds: number;
  transferable: boolean;
  rulesVersion: number;
}

/** GET /v1/reward-programs/{id}/members/{address}: amounts are decimal token strings. */
export interface RewardMember {
  programId: number;
  address: string;
  symbol: string;
  balance: string;
  debt: string;
  minted: string;
  pending: string;
  rewards: number;
}

export interface RewardEntry {
  id: number;
  eventUid: string;
  schema: string;
  role: string;
  counterparty: string;
  amount: string;
  status: string;
  reason: string | null;
  rulesVersion: number;
  epoch: number;
  eventTime: number;
  eventGone: boolean;
  mintTx: string | null;
}

export interface ReciprocityEvent {
  id: string;
  status: "pending" | "proposed" | "confirmed" | "failed" | "revoked";
  proposer: string;
  counterparty: string;
  proposal: Attestation;
  confirmation: Attestation | null;
}

/** GET /v1/trust-anchors: who every score flows from, and why. */
export interface TrustAnchors {
  meaning: string;
  count: number;
  sybilResistant: boolean;
  anchors: { address: string; name: string; source: "governed" | "configuration"; reason: string | null; addedBy: string | null; addedAt: string | null }[];
}

export interface TieRisk {
  reason: "fading" | "one-sided" | "turning-negative";
  why: string;
  nextStep: string;
}

export interface Tie {
  address: string;
  name: string | null;
  website: string;
  sector: string;
  region: string;
  kind: string;
  strength: number;
  strengthLabel: string;
  direction: "mutual" | "incoming" | "outgoing";
  evidence: number;
  confirmed: number;
  complaints: number;
  averageStars: number | null;
  lastEvidenceTime: number;
  lastEvidence: string;
  atRisk: boolean;
  risks: TieRisk[];
  summary: string;
}

export interface PartyTies {
  address: string;
  name: string | null;
  asOfBlock: number;
  asOfTime: number;
  atRisk: number;
  halfLifeDays: number;
  fadingAfterDays: number;
  ties: Tie[];
}

export interface NamedParty {
  address: string;
  name: string | null;
}

export interface EpochChange {
  epoch: number;
  previousEpoch: number | null;
  asOfBlock: number;
  asOfTime: number;
  score: number;
  scoreChange: number;
  rank: number;
  rankChange: number;
  newTies: NamedParty[];
  lostTies: NamedParty[];
  bondingShareChange: number;
  bridgingShareChange: number;
  linkingShareChange: number;
  betweennessChange: number;
  eigenvectorChange: number;
  effectiveSizeChange: number;
  newStructuralHoles: { a: NamedParty; b: NamedParty }[];
  summary: string;
}

export interface PartyChanges {
  address: string;
  name: string | null;
  since: number;
  changes: EpochChange[];
}
