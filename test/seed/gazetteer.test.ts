import t from 'tap'
import { buildGazetteer, buildGazetteerUncached, englishName } from '../../seed/gazetteer.js'

const regions = buildGazetteerUncached()
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

t.test('polyphonic characters take their place-name readings', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['321012', '江都区', 'Jiangdu District'], ['440114', '花都区', 'Huadu District'], ['522701', '都匀市', 'Duyun City'],
    ['510100', '成都市', 'Chengdu'], ['510117', '郫都区', 'Pidu District'], ['130502', '襄都区', 'Xiangdu District'],
    ['330382', '乐清市', 'Yueqing City'], ['130225', '乐亭县', 'Laoting County'], ['371481', '乐陵市', 'Laoling City'],
    ['620722', '民乐县', 'Minle County'], ['371722', '单县', 'Shan County'], ['141024', '洪洞县', 'Hongtong County'],
    ['320116', '六合区', 'Luhe District'], ['341500', '六安市', "Lu'an"], ['341621', '涡阳县', 'Guoyang County'],
    ['130726', '蔚县', 'Yu County'], ['652823', '尉犁县', 'Yuli County'], ['140400', '长治市', 'Changzhi'],
    ['140428', '长子县', 'Zhangzi County'], ['500000', '重庆市', 'Chongqing'], ['350200', '厦门市', 'Xiamen'],
    ['440113', '番禺区', 'Panyu District'], ['361124', '铅山县', 'Yanshan County'], ['340300', '蚌埠市', 'Bengbu'],
    ['340303', '蚌山区', 'Bengshan District'], ['341600', '亳州市', 'Bozhou'], ['371522', '莘县', 'Shen County'],
    ['131025', '大城县', 'Dacheng County'], ['230112', '阿城区', 'Acheng District'], ['371524', '东阿县', "Dong'e County"],
    ['310112', '闵行区', 'Minhang District'], ['341021', '歙县', 'She County'], ['410621', '浚县', 'Xun County'],
    ['420116', '黄陂区', 'Huangpi District'], ['411726', '泌阳县', 'Biyang County'], ['441422', '大埔县', 'Dabu County'],
    ['510682', '什邡市', 'Shifang City'], ['150603', '康巴什区', 'Kangbashi District'], ['511527', '筠连县', 'Junlian County'],
    ['610829', '吴堡县', 'Wubu County'], ['621223', '宕昌县', 'Tanchang County'], ['632723', '称多县', 'Chenduo County'],
    ['222404', '珲春市', 'Hunchun City'], ['211281', '调兵山市', 'Diaobingshan City'], ['140924', '繁峙县', 'Fanshi County'],
    ['411104', '召陵区', 'Shaoling District'], ['450406', '龙圩区', 'Longxu District'], ['511424', '丹棱县', 'Danleng County'],
    ['540531', '浪卡子县', 'Langkazi County'], ['230725', '大箐山县', 'Daqingshan County'],
  ]
  for (const [code, zh, name] of cases) {
    t.equal(byCode.get(code)?.nameZh, zh, code)
    t.equal(byCode.get(code)?.name, name, `${code} ${zh}`)
  }
})

t.test('conventional English names and suffixes', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['150100', '呼和浩特市', 'Hohhot'], ['230100', '哈尔滨市', 'Harbin'], ['230200', '齐齐哈尔市', 'Qiqihar'],
    ['650100', '乌鲁木齐市', 'Urumqi'], ['540100', '拉萨市', 'Lhasa'], ['540200', '日喀则市', 'Shigatse'],
    ['650400', '吐鲁番市', 'Turpan'], ['650200', '克拉玛依市', 'Karamay'], ['653100', '喀什地区', 'Kashgar Prefecture'],
    ['653101', '喀什市', 'Kashgar City'], ['652801', '库尔勒市', 'Korla City'], ['653200', '和田地区', 'Hotan Prefecture'],
    ['150600', '鄂尔多斯市', 'Ordos'], ['150700', '呼伦贝尔市', 'Hulunbuir'], ['152500', '锡林郭勒盟', 'Xilingol League'],
    ['640000', '宁夏回族自治区', 'Ningxia'], ['650000', '新疆维吾尔自治区', 'Xinjiang'], ['820000', '澳门特别行政区', 'Macao'],
    ['652700', '博尔塔拉蒙古自治州', 'Bortala Autonomous Prefecture'],
    ['654226', '和布克赛尔蒙古自治县', "Hebukesai'er Autonomous County"],
    ['622926', '东乡族自治县', 'Dongxiang Autonomous County'], ['150724', '鄂温克族自治旗', 'Evenk Autonomous Banner'],
    ['429021', '神农架林区', 'Shennongjia Forestry District'], ['610103', '碑林区', 'Beilin District'],
    ['520203', '六枝特区', 'Liuzhi Special District'], ['310115', '浦东新区', 'Pudong New Area'],
    ['441803', '清新区', 'Qingxin District'], ['460322', '南沙群岛', 'Nansha Islands'],
  ]
  for (const [code, zh, name] of cases) {
    t.equal(byCode.get(code)?.nameZh, zh, code)
    t.equal(byCode.get(code)?.name, name, `${code} ${zh}`)
  }
  for (const r of regions) {
    if (!/^[A-Z][a-zü']*( [A-Z][a-zü']*)*$/.test(r.name) || /'$|''|zizhi/i.test(r.name)) t.fail(`${r.code} ${r.nameZh}: ${r.name}`)
  }
})

t.test('the gazetteer kept on disk between processes is the one the packages give', async (t) => {
  // buildGazetteer reads node_modules/.cache (written by an earlier process, or by this call).
  t.same(buildGazetteer(), regions)
  const copy = buildGazetteer()
  copy[0]!.name = 'changed'
  t.not(buildGazetteer()[0]!.name, 'changed', 'callers get copies')
})
