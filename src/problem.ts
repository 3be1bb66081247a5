// RFC 9457 problem documents: the body of every REST error.
function problemType (code: string): string {
  return `urn:campaign-facts:problem:${code.replace(/^CF_/, '').toLowerCase().replace(/_/g, '-')}`
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 413: 'Payload Too Large', 414: 'URI Too Long',
  415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
}

export function problem (status: number, code: string, detail: string, parameter?: string): Record<string, unknown> {
  return { type: problemType(code), title: TITLES[status] ?? 'Error', status, detail, code, ...(parameter ? { parameter } : {}) }
}
