import t from 'tap'
import { buildGazetteer, englishName } from '../../seed/gazetteer.js'

const regions = buildGazetteer()
const byCode = new Map(regions.map((r) => [r.code, r]))

t.test('the whole gazetteer with parents', async (t) => {
  t.ok(regions.length > 3000 && regions.length < 3500, `${regions.length} regions`)
  t.equal(regions.filter((r) => r.level === 'province').length, 34)
  t.equal(byCode.get('CN')?.level, 'country')
  for (const r of regions) {
    if (r.code === 'CN') continue
    const parent = byCode.get(r.parentCode!)
    if (!parent) t.fail(`${r.code} has no parent`)
    else if (parent.depth !== r.depth - 1 || r.path !== `${parent.path}/${r.code}`) t.fail(`${r.code} path`)
  }
  t.equal(new Set(regions.map((r) => r.code)).size, regions.length, 'codes are unique')
  t.notOk(regions.some((r) => r.nameZh === '市辖区'), 'placeholder rows are left out')
  t.equal(byCode.get('110105')?.parentCode, '110000', 'a municipality district hangs under the municipality')
  t.equal(byCode.get('429004')?.parentCode, '420000', 'a county-level city directly under a province hangs under it')
})

t.test('English names', async (t) => {
  const cases: Array<[string, string]> = [
    ['430000', 'Hunan'], ['430700', 'Changde'], ['430112', 'Wangcheng District'], ['431322', 'Xinhua County'],
    ['140000', 'Shanxi'], ['610000', 'Shaanxi'], ['150000', 'Inner Mongolia'], ['540000', 'Tibet'], ['450000', 'Guangxi'],
    ['210000', 'Liaoning'], ['440100', 'Guangzhou'], ['321023', 'Baoying County'], ['810000', 'Hong Kong'], ['610100', "Xi'an"],
  ]
  for (const [code, name] of cases) t.equal(byCode.get(code)?.name, name, code)
  t.equal(englishName('恩施土家族苗族自治州', 'prefecture'), 'Enshi Autonomous Prefecture')
  t.equal(byCode.get('430000')?.nameZhHant, '湖南省')
  t.equal(byCode.get('430100')?.nameZhHant, '長沙市')
})
