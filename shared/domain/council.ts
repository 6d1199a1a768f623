/** A local authority that runs (or ran) children's social care in England. */
export interface Council {
  /** Ofsted unique reference number of the LA's children's services. */
  urn: string;
  /** ONS code of the authority (E06…, E08…, E09…, E10…). */
  onsCode: string;
  /** DfE LA code (three digits), e.g. "808". */
  laCode: string;
  /** Canonical name, e.g. "Stockton-on-Tees". */
  name: string;
  region: string;
  /** Other names people and reports use ("Stockton", "Hull", "BCP"). */
  aliases: string[];
  /** False for predecessors kept only for history (Northamptonshire, Cumbria, …). */
  current: boolean;
  /** For predecessors: the URNs of the councils that took over. */
  succeededBy?: string[];
  /** For predecessors: the day the successors took over (ISO date). */
  succeededOn?: string;
}

/** The short reference to a council used in records, events and CLI output. */
export interface CouncilRef {
  urn: string;
  onsCode: string;
  name: string;
}

export function councilRef(council: Council): CouncilRef {
  return { urn: council.urn, onsCode: council.onsCode, name: council.name };
}
