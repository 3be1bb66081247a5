// The dimensions a metric may declare: variants of one concept that are values of a dimension
// rather than codes of their own (the four forms of discipline, the kinds of plan, ...). A metric
// declares which dimensions it has and which of their values it allows; each of its indicators
// gives exactly one allowed value for each declared dimension.
//
// Within a dimension, values are disjoint categories, so that grouping by the dimension and
// adding up is meaningful; a value that stands for the whole (all forms together) is marked
// `total`, and a sum over the dimension leaves it out.

export interface DimensionValueDef { value: string, label: string, total?: boolean }

export interface DimensionDef { name: string, label: string, description: string, values: readonly DimensionValueDef[] }

export const DIMENSIONS: readonly DimensionDef[] = [
  {
    name: 'form',
    label: 'Form of supervision and discipline',
    description: 'The four forms (四种形态) of supervision and discipline enforcement, from the lightest to prosecution.',
    values: [
      { value: '1', label: 'First form: criticism, education, talks and inquiries' },
      { value: '2', label: 'Second form: light Party discipline sanctions and organizational adjustments' },
      { value: '3', label: 'Third form: heavy sanctions and major changes of post' },
      { value: '4', label: 'Fourth form: investigation for suspected crimes' },
    ],
  },
  {
    name: 'planType',
    label: 'Type of plan',
    description: 'The parts of a campaign plan system such as Liaoning\'s "1+5+5".',
    values: [
      { value: 'implementation', label: 'Overall implementation plan' },
      { value: 'supporting', label: 'Supporting plan' },
      { value: 'departmental', label: 'Plan of one department' },
    ],
  },
  {
    name: 'activity',
    label: 'Form of education activity',
    description: 'The form an education activity takes: report meetings, visits to red-education bases, film screenings, lectures.',
    values: [
      { value: 'all', label: 'All forms together', total: true },
      { value: 'report_meeting', label: 'Report or lecture meetings on advanced deeds (报告会, 宣讲会)' },
      { value: 'red_base_education', label: 'Education at red-education bases (revolutionary sites)' },
      { value: 'film_screening', label: 'Organized screenings of publicity films' },
      { value: 'exchange_symposium', label: 'Exchange symposiums (交流座谈会)' },
      { value: 'integrity_lecture', label: 'Integrity lectures (廉政报告) by discipline commission secretaries' },
    ],
  },
  {
    name: 'scope',
    label: 'Units counted',
    description: 'Whose figure it is: one provincial-level organ (named as the indicator\'s organ) or all units of a level in the region.',
    values: [
      { value: 'provincial_organ', label: 'One provincial-level organ' },
      { value: 'city_county_units', label: 'All city- and county-level units of the region' },
    ],
  },
  {
    name: 'groupType',
    label: 'Type of supervision group',
    description: 'What a group sent to lower levels supervises.',
    values: [
      { value: 'steering_group', label: 'Steering group of the education and rectification (督导组)' },
      { value: 'looking_back_group', label: '"Looking back" working group (回头看工作组)' },
    ],
  },
  {
    name: 'area',
    label: 'Area covered',
    description: 'The part of the region a figure covers.',
    values: [
      { value: 'all', label: 'The whole region', total: true },
      { value: 'rural', label: 'Rural areas' },
    ],
  },
  {
    name: 'gangType',
    label: 'Type of criminal organization',
    description: 'Organizations broken up in the struggle against gangs and evil forces.',
    values: [
      { value: 'mafia_type', label: 'Underworld (mafia-type) organization (涉黑组织)' },
      { value: 'evil_force', label: 'Evil-force criminal group (恶势力犯罪集团)' },
    ],
  },
  {
    name: 'rankingScope',
    label: 'Ranked among',
    description: 'The group of provinces a rank is taken in.',
    values: [
      { value: 'national', label: 'All provinces of the country' },
      { value: 'central_region', label: 'The six provinces of the central region' },
    ],
  },
  {
    name: 'distinction',
    label: 'Distinction',
    description: 'What a run of consecutive years was recognized for.',
    values: [
      { value: 'rated_nationally_advanced', label: 'Rated nationally advanced in the comprehensive evaluation' },
      { value: 'enforcement_at_forefront', label: 'Law enforcement at the forefront of the country' },
    ],
  },
  {
    name: 'rectificationStatus',
    label: 'State of rectification',
    description: 'How far the problem raised by an opinion has been rectified.',
    values: [
      { value: 'rectified', label: 'Rectified (at least preliminarily)' },
      { value: 'under_rectification', label: 'Rectification measures under way' },
    ],
  },
  {
    name: 'material',
    label: 'Publicity material',
    description: 'The kind of publicity material distributed or put up.',
    values: [
      { value: 'open_letter', label: 'Open letter to the public' },
      { value: 'cartoon', label: 'Cartoon or picture poster' },
    ],
  },
  {
    name: 'postLevel',
    label: 'Level of post',
    description: 'The level of the cadre posts of a competitive selection.',
    values: [
      { value: 'middle_level', label: 'Middle-level posts of a bureau (中层)' },
      { value: 'deputy_section', label: 'Deputy-section-level posts (副科级)' },
    ],
  },
]

const BY_NAME = new Map(DIMENSIONS.map((d) => [d.name, d]))

export const DIMENSION_NAMES = DIMENSIONS.map((d) => d.name)

export function dimension (name: string): DimensionDef | undefined {
  return BY_NAME.get(name)
}

/** The definition of one value of a dimension, or undefined when the dimension has no such value. */
export function dimensionValue (name: string, value: string): DimensionValueDef | undefined {
  return BY_NAME.get(name)?.values.find((v) => v.value === value)
}

/** A dimension map in canonical form: keys in the vocabulary's order, so equal maps are equal strings. */
export function canonicalDimensions (dims: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of DIMENSION_NAMES) if (dims[name] !== undefined) out[name] = dims[name]
  return out
}
