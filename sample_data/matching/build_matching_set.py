"""Build the matching set in sample_data/matching/ (deterministic: same cell values every run).

    .venv/bin/python sample_data/matching/build_matching_set.py            # writes into sample_data/matching/
    .venv/bin/python sample_data/matching/build_matching_set.py --out DIR  # or into DIR

Twelve of Wenzhou's industries, eight hand-written need ↔ expert pairs each, plus two expert "distractors" per
industry that no need is meant for. The need text and the expert text of a pair describe the same problem in
different words (企业说“触头烧蚀、分断不了”, 专家写“电弧物理、灭弧室设计”): they are linked by domain
synonyms, not by shared words. The pairs are split in two halves per industry:

- 调优 (tuning): odd-numbered subjects — the matcher's weights and stop words were tuned on this half only;
- 留出 (held out): even-numbered subjects — never looked at while tuning; report its accuracy as the real one.

Files: 调优_企业需求表.xlsx, 调优_专家意向表.xlsx, 留出_企业需求表.xlsx, 留出_专家意向表.xlsx (canonical
headers, all rows eligible under the wenzhou policy), and 答案.xlsx (划分, 企业名称, 统一社会信用代码, 专家姓名,
工作单位, 所属行业): the expert each enterprise should get. A few experts name their enterprise in 意向企业 and a
few needs name their expert in 意向专家, as in real forms; some experts name a wrong enterprise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from build_samples import Maker

SEED = 20261124

# industry → (所属行业 label, usual counties, units that dispatch experts for it)
INDUSTRIES = {
    "电气": ("电气", ["乐清市", "乐清市", "龙湾区"], ["温州大学", "浙江工贸职业技术学院", "温州理工学院"]),
    "泵阀": ("泵阀", ["永嘉县", "龙湾区", "瓯海区"], ["温州大学", "浙江大学温州研究院", "温州职业技术学院"]),
    "鞋服": (
        "鞋服皮革",
        ["鹿城区", "瓯海区", "瑞安市"],
        ["温州大学", "温州职业技术学院", "浙江工贸职业技术学院"],
    ),
    "眼视光": ("眼视光", ["鹿城区", "龙湾区", "瓯海区"], ["温州医科大学", "温州大学", "温州医科大学"]),
    "汽摩配": ("汽摩配", ["瑞安市", "瑞安市", "平阳县"], ["温州大学", "温州理工学院", "温州职业技术学院"]),
    "数字经济": (
        "软件和信息服务",
        ["鹿城区", "瓯海区", "龙湾区"],
        ["温州大学", "温州理工学院", "温州肯恩大学"],
    ),
    "新材料": (
        "新材料",
        ["龙湾区", "平阳县", "瑞安市"],
        ["温州大学", "中国科学院大学温州研究院", "浙江大学温州研究院"],
    ),
    "生物医药": (
        "生物医药",
        ["龙湾区", "瓯海区", "平阳县"],
        ["温州医科大学", "中国科学院大学温州研究院", "温州大学"],
    ),
    "智能装备": (
        "智能装备",
        ["龙湾区", "瑞安市", "乐清市"],
        ["温州大学", "温州职业技术学院", "浙江工贸职业技术学院"],
    ),
    "时尚轻工": (
        "时尚轻工",
        ["鹿城区", "瓯海区", "龙港市"],
        ["温州大学", "温州职业技术学院", "温州理工学院"],
    ),
    "印刷包装": (
        "印刷包装",
        ["龙港市", "龙港市", "苍南县"],
        ["温州大学", "浙江工贸职业技术学院", "温州理工学院"],
    ),
    "农业食品": (
        "农业和食品",
        ["永嘉县", "文成县", "泰顺县", "苍南县", "洞头区"],
        ["温州科技职业学院", "温州大学", "温州医科大学"],
    ),
}

# One line per subject: 需求名称 | 需求描述 | 所需专业 || 研究方向 | 代表性成果
# Lines starting with "~" are distractor experts (研究方向 | 代表性成果): no need is meant for them.
SUBJECTS = """
## 电气
塑壳断路器分断能力不足 | 短路试验时触头烧蚀严重，电寿命达不到新国标要求 | 电气工程 || 电弧物理与灭弧室设计 | 开关电器开断过程电弧仿真，新型灭弧栅片结构
电能表高温计量漂移 | 电能表在夏季高温环境下计量误差变大，用电信息采集模块通信不稳定 | 电子信息 || 电能计量与配电自动化 | 智能电网量测终端研制，电力物联网通信协议
交流接触器吸合噪声大 | 接触器吸合时振动噪声大，线圈发热偏高 | 电气工程 || 电磁机构动态特性 | 电磁铁吸力特性优化，继电器动态仿真与节能控制
配电柜母排发热 | 配电柜长期满载运行母排温升过高，需要改进通风 | 电气工程 || 成套开关设备热设计 | 环网柜温度场计算与散热结构，高压开关设备研制
变频器出口认证传导骚扰超标 | 变频器产品出口欧盟EMC测试传导骚扰超标，整改困难 | 电子电气 || 电磁干扰抑制 | 电力电子装置电磁兼容设计，开关电源滤波器
组串式逆变器效率偏低 | 光伏逆变器转换效率偏低，高温降额 | 电力电子 || 太阳能发电变流技术 | 新型IGBT驱动电路，光伏组件最大功率点跟踪
伺服电机低速抖动 | 永磁同步电机低速运行抖动，转矩波动大 | 自动化 || 电机驱动与控制 | 无刷电机矢量控制算法，驱动电机转矩脉动抑制
储能柜电芯一致性差 | 储能系统电芯一致性差，电池管理系统均衡效果不好 | 电化学 || 动力电池BMS | 锂电池荷电状态估计，电池包热失控预警
~ 电缆绝缘老化与局部放电检测 | 电力电缆绝缘在线监测装置
~ 雷击浪涌防护 | 浪涌保护器研制与雷电流测试
## 泵阀
球阀高温内漏 | 高温蒸汽工况下球阀密封面磨损，出现内漏 | 机械工程 || 泵阀泄漏控制与机械密封 | 高参数阀门密封副摩擦磨损研究
化工泵效率不达标 | 化工泵运行效率达不到一级能效，叶轮需要重新设计 | 能源与动力工程 || 水力模型优化设计 | 叶片泵水力设计方法，计算流体力学在泵中的应用
磁力泵入口汽蚀 | 磁力泵入口汽蚀导致振动和噪声，寿命短 | 流体机械 || 叶轮机械空化机理 | 空化流动数值模拟与抗空化叶片
不锈钢阀体缩孔气孔多 | 不锈钢阀体熔模铸造后缩孔气孔多，废品率高 | 材料成型 || 精密铸造工艺 | 铸造凝固过程模拟，消失模铸造缺陷控制
海水阀门锈蚀严重 | 船用海水阀门锈蚀严重，使用一年就要更换 | 材料 || 金属腐蚀与防护 | 海洋环境材料耐蚀性评价，电化学腐蚀机理
电动阀门远程控制 | 电动执行器定位不准，无法远程控制 | 自动化 || 阀门定位器与智能控制 | 气动执行机构智能控制算法
调节阀流量特性偏差 | 调节阀实际流量系数与设计值偏差大 | 流体力学 || CFD流体仿真 | 阀门流阻特性计算与流场可视化
压力管道法兰渗漏 | 压力管道法兰连接处渗漏，垫片频繁更换 | 机械 || 管路系统密封可靠性 | 螺栓连接密封性能试验
~ 屏蔽泵电机与轴承 | 屏蔽电机转子动力学
~ 止回阀水锤防护 | 输水管网水锤计算
## 鞋服
皮鞋鞋底开胶 | 冷粘工艺皮鞋穿一个月后鞋底与帮面开胶 | 高分子材料 || 胶粘剂配方与粘接机理 | 水性聚氨酯粘合剂研制
出口皮革无铬鞣工艺 | 出口欧盟要求六价铬不得检出，需要无铬鞣工艺 | 轻化工程 || 皮革化学与清洁化制革 | 新型鞣剂合成与应用
运动鞋大底耐磨差 | EVA大底耐磨性差、回弹低 | 高分子 || 高分子发泡材料 | 超临界发泡鞋材开发
高跟女鞋穿着脚痛 | 高跟女鞋穿着脚痛，需要改进鞋楦 | 设计 || 足部生物力学 | 足底压力分布与人体工学鞋垫
男装西服版型不合体 | 西服版型不合体，打版依赖老师傅 | 服装设计 || 服装结构与服装CAD | 智能样板生成系统
深色面料水洗褪色 | 深色面料水洗后褪色严重，客户退货 | 纺织 || 染整工艺与染料化学 | 活性染料固色技术
超纤合成革溶剂残留 | 超纤合成革生产中溶剂残留超标 | 化工 || 水性聚氨酯皮革涂饰 | 无溶剂涂饰材料
童鞋防滑性能 | 童鞋在湿滑地面容易打滑摔倒 | 材料 || 橡胶摩擦学 | 鞋类防滑性能测试方法
~ 针织服装设计 | 针织时装产品开发
~ 羊毛纤维改性 | 羊毛织物防缩整理
## 眼视光
角膜塑形产品开发 | 青少年近视加深快，想开发角膜塑形产品 | 医学 || OK镜与硬性透气性接触镜 | 角膜接触镜材料透氧性研究
周边离焦镜片设计 | 防控近视的周边离焦镜片光学设计 | 光学 || 非球面光学与屈光矫正 | 眼镜片自由曲面设计
树脂镜片脱膜 | 树脂镜片减反射膜附着力差，容易脱膜 | 光学 || 真空镀膜工艺 | 光学薄膜膜系设计
自助验光仪准确度 | 开发自助验光仪，提高验光准确度 | 仪器 || 客观屈光检测仪器 | 波前像差测量与屈光度计算
基层眼底照片自动判读 | 基层医院眼底照片自动判读，减少漏诊 | 医学影像 || 视网膜影像分析 | 深度学习眼病筛查系统
干眼理疗设备 | 干眼症患者泪膜不稳定，开发热敷理疗设备 | 医疗器械 || 眼表疾病诊疗 | 睑板腺功能障碍治疗研究
儿童弱视家用训练 | 儿童弱视遮盖治疗依从性差，想做家用训练设备 | 眼科 || 斜视与双眼视功能 | 双眼视功能重建与视觉训练
纯钛镜架焊接变形 | 纯钛眼镜架焊接后变形、焊点发黑 | 材料加工 || 钛合金精密焊接 | 微型零件激光焊接工艺
~ 白内障人工晶体 | 人工晶状体光学设计
~ 蓝光危害与视疲劳 | 视屏终端视疲劳研究
## 汽摩配
刹车片尖叫异响 | 刹车时尖叫异响，主机厂投诉 | 车辆工程 || 摩擦材料与制动NVH | 盘式制动器振动噪声研究
控制臂减重 | 电动车控制臂想用铝件替代钢件减重 | 车辆工程 || 轻质合金结构设计 | 镁合金压铸件开发
深拉伸冲压件开裂 | 深拉伸冲压件转角处开裂，模具调试周期长 | 材料成型 || 板料成形工艺 | 钣金成形极限预测
齿轮渗碳淬火变形 | 渗碳淬火后齿轮变形超差 | 材料 || 表面热处理 | 可控渗氮工艺与畸变控制
摩托车车架断裂 | 摩托车车架台架试验断裂 | 机械 || 结构疲劳与可靠性 | 疲劳寿命预测方法
车身ECU通信丢帧 | 车身控制ECU的CAN通信偶发丢帧 | 电子 || 车载网络与汽车电子 | 电控单元软件开发
电动助力转向手感差 | 电动助力转向系统手感差、回正不好 | 车辆工程 || 转向器设计 | 底盘动力学与悬架调校
高压线束连接器温升 | 新能源汽车高压线束连接器温升超标 | 电气 || 接插件电接触可靠性 | 车用大电流电连接热设计
~ 发动机尾气后处理 | 三元催化剂配方
~ 车灯光学设计 | LED前照灯配光
## 数字经济
打火机外壳划痕人工目检效率低 | 打火机外壳划痕靠人工目检，效率低，想用图像识别自动检测 | 计算机 || 机器视觉与深度学习 | 工业表面缺陷识别算法
注塑车间设备联网 | 车间设备联网和数据采集，上线MES | 信息化 || 工业互联网平台 | 智能制造执行系统开发
跨境电商销量预测不准 | 跨境电商店铺销量预测不准，需要数据分析 | 统计 || 网络营销与商务数据挖掘 | 消费者行为大数据建模
进销存与财务系统割裂 | 进销存和财务系统割裂，想实施ERP | 管理 || 企业信息化 | 管理信息系统实施方法
工控网络遭勒索病毒 | 工控网络安全防护薄弱，遭勒索病毒攻击 | 网络 || 信息安全与数据加密 | 工业控制系统入侵检测
智能锁固件升级失败 | 智能锁主控芯片固件升级失败，返修多 | 电子 || 嵌入式软件 | 单片机低功耗设计
订单系统上云 | 订单系统想上云，降低运维压力 | 软件 || 云计算微服务架构 | SaaS平台开发
泵站设备远程运维 | 泵站设备无法远程监控，巡检靠人 | 通信 || 物联网通信 | 无线传感网络与边缘计算
~ 区块链供应链金融 | 分布式账本应用
~ 自然语言处理客服 | 对话系统研究
## 新材料
聚丙烯外壳低温冲击不足 | 聚丙烯外壳低温冲击强度不足，冬天易脆裂 | 高分子材料 || 工程塑料增韧 | 聚合物共混改性
无人机机臂替代铝材 | 无人机机臂想用碳纤维替代铝材 | 材料 || 纤维增强复合材料 | 预浸料成型工艺
电器外壳阻燃等级 | 电器外壳需达到V0阻燃等级 | 材料 || 无卤阻燃剂 | 燃烧性能研究
户外塑料件发黄 | 户外塑料件晒半年就发黄 | 材料 || 高分子老化与稳定化 | 光稳定剂与耐候评价
散热片导热不够 | 想用石墨烯涂层提高散热片导热 | 材料 || 纳米碳材料 | 碳纳米管导热复合材料
不锈钢水槽生锈 | 不锈钢水槽表面易生锈 | 材料 || 金属表面钝化 | 耐蚀镀层制备
印染废水回用 | 印染废水回用需要膜分离工艺 | 环境 || 反渗透与超滤 | 抗污染膜材料制备
钕铁硼磁钢高温退磁 | 钕铁硼磁钢在电机里高温退磁 | 材料 || 稀土永磁材料 | 磁性能测试与晶界扩散
~ 特种陶瓷 | 氧化锆陶瓷烧结
~ 粉末冶金零件 | 金属注射成形
## 生物医药
片剂溶出与原研不一致 | 仿制片剂溶出曲线与原研不一致 | 药学 || 药物制剂与缓释技术 | 口服固体制剂处方工艺
化学发光试剂盒灵敏度低 | 体外诊断化学发光试剂盒灵敏度不够 | 医学检验 || IVD免疫分析 | 免疫分析方法学研究
铁皮石斛多糖提取率低 | 铁皮石斛多糖提取率低、纯度不够 | 中药学 || 天然产物分离纯化 | 植物活性成分提取
一次性输液器环氧乙烷残留 | 一次性医用耗材环氧乙烷残留超标 | 医学 || 医疗器械生物相容性评价 | 医用高分子材料
益生菌活菌数低 | 益生菌产品货架期内活菌数下降快 | 食品 || 微生物发酵工程 | 乳酸菌菌株选育
可吸收骨钉降解太快 | 骨科植入物降解速度难控制 | 材料 || 组织工程支架 | 生物材料降解调控
美白精华功效宣称 | 美白精华需要功效宣称评价报告 | 化学 || 皮肤科学与功效评价 | 护肤品人体功效测试
中风上肢康复训练器 | 中风患者上肢康复训练器开发 | 医疗器械 || 康复医学工程 | 外骨骼辅具研究
~ 肿瘤基因检测 | 二代测序生信分析
~ 疫苗佐剂 | 重组蛋白疫苗
## 智能装备
冲床上下料靠人工 | 冲床上下料还靠人工，想用机械手代替 | 自动化 || 工业机器人路径规划 | 视觉引导抓取
加工中心热变形超差 | 加工中心长时间运行热变形导致尺寸超差 | 机械 || 机床热误差补偿 | 数控系统二次开发
老旧设备控制改造 | 老旧设备继电器控制柜想改为可编程控制器 | 电气 || PLC与运动控制 | 伺服控制系统调试
轴类零件外径人工测量 | 轴类零件外径靠人工测量，效率低 | 机械 || 精密测量与传感器技术 | 激光测径仪研制
液压站油缸漏油 | 液压站油缸漏油，压力不稳 | 机械 || 液压传动 | 电液伺服系统
薄板焊接变形大 | 不锈钢薄板焊接变形大，想改用激光焊 | 材料 || 高能束加工 | 激光焊接工艺
谐波减速器回差大 | 谐波减速器回差大，精度保持性差 | 机械 || 精密传动 | 齿轮传动设计
设备机架共振 | 设备机架共振，需要做结构仿真 | 机械 || 结构有限元分析 | 模态分析与减振设计
~ 真空吸盘与气动元件 | 气动系统节能
~ AGV导航 | 移动机器人定位
## 时尚轻工
电子点火低温打不着 | 电子点火打火机低温打不着火 | 机电 || 压电点火器 | 燃烧稳定性研究
指纹锁识别率低 | 指纹锁识别率低、误识别 | 电子 || 生物特征识别 | 智能锁具电路设计
金属拉链拉头易断 | 金属拉链拉头容易断 | 材料 || 服装辅料五金件设计 | 辅料结构强度
圆珠笔出墨不畅 | 圆珠笔笔头出墨不畅 | 机械 || 书写工具 | 微型球珠精密加工
剃须刀外观老旧 | 剃须刀外观老旧，缺乏设计创新 | 设计 || 工业设计 | 个人护理电器造型设计
塑料外壳注塑缩痕 | 塑料外壳注塑缩痕、周期长 | 材料成型 || 模流分析 | 塑料模具设计
水龙头漏水 | 水龙头用半年就漏水 | 机械 || 水暖卫浴产品开发 | 陶瓷密封片
拉杆箱万向轮易坏 | 拉杆箱万向轮容易坏 | 设计 || 皮具与背包产品开发 | 轻量化箱体结构
~ 定制家居 | 板式家具设计
~ 纽扣电镀 | 树脂纽扣工艺
## 印刷包装
彩盒批次偏色 | 胶印彩盒批次间偏色 | 印刷 || 色彩管理 | 印刷色彩复制
全降解快递袋 | 限塑令下需要全降解快递袋 | 材料 || 生物降解材料 | PLA改性
酒盒防伪溯源 | 白酒包装盒需要防伪和溯源 | 包装 || RFID标签 | 二维码追溯系统
高阻隔复合膜透氧 | 食品软包装高阻隔复合膜透氧超标 | 材料 || 阻隔薄膜 | 多层共挤流延膜
瓦楞纸箱堆码塌箱 | 瓦楞纸箱堆码时塌箱 | 包装 || 运输包装结构设计 | 包装力学性能测试
溶剂油墨换水性 | 溶剂型油墨改为水性油墨后干燥慢 | 化工 || UV油墨与固化 | 印刷油墨配方
糊盒机速度低 | 糊盒机速度低、故障多 | 机械 || 包装机械 | 高速模切设备
小批量个性化印刷 | 小批量个性化印刷成本高 | 印刷 || 数码喷墨 | 数码印刷工艺
~ 造纸废水 | 纸浆漂白
~ 柔版制版 | 柔印版材
## 农业食品
杨梅采后腐烂快 | 杨梅采后两天就腐烂 | 食品 || 果蔬采后生理 | 冷链贮藏技术
白茶萎凋品质不稳 | 白茶萎凋工艺品质不稳定 | 茶学 || 茶叶加工 | 名优绿茶加工
网箱大黄鱼病害多 | 网箱养殖大黄鱼病害多 | 水产 || 海水养殖病害防治 | 鱼类免疫
瓯柑滞销深加工 | 瓯柑滞销想做果汁 | 食品 || 柑橘加工 | 果蔬汁饮料
鱼丸速冻后口感差 | 温州鱼丸冷冻后口感变差 | 食品 || 速冻食品工艺 | 食品质构
黄酒酸败 | 黄酒贮存中酸败 | 食品 || 酿造微生物 | 发酵工艺控制
大棚温湿度靠人工 | 大棚温湿度靠人工调节 | 农业 || 智慧农业 | 温室环境智能控制
果园土壤酸化 | 果园土壤酸化严重 | 农学 || 土肥与植物营养 | 有机肥施用
~ 生猪养殖 | 畜禽疫病防控
~ 农药残留快速检测 | 食品安全快检
"""

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余叶杜程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣博文昊天晨睿哲瑞轩思雨佳琪子涵"
FIRM_WORDS = [
    "正泰",
    "华盛",
    "宏达",
    "永兴",
    "瓯江",
    "东海",
    "鼎信",
    "恒通",
    "新光",
    "明诚",
    "金瑞",
    "安泰",
    "百川",
    "联创",
    "天成",
    "卓越",
    "合力",
    "众诚",
    "伟业",
    "嘉禾",
    "远航",
    "海信",
    "汇丰",
    "锦程",
    "中瑞",
    "德力",
    "康宁",
    "凯达",
    "宝丰",
    "立信",
    "精工",
    "大华",
    "荣盛",
    "昌隆",
    "裕丰",
    "星辰",
    "永固",
    "华通",
    "长城",
    "兴业",
    "博雅",
    "方圆",
    "同创",
    "润达",
    "祥和",
    "信达",
    "振华",
    "聚源",
    "万豪",
    "飞鹰",
]
INDUSTRY_SUFFIX = {
    "电气": "电气",
    "泵阀": "阀门",
    "鞋服": "鞋业",
    "眼视光": "光学",
    "汽摩配": "汽车部件",
    "数字经济": "科技",
    "新材料": "新材料",
    "生物医药": "生物科技",
    "智能装备": "智能装备",
    "时尚轻工": "实业",
    "印刷包装": "包装",
    "农业食品": "农业开发",
}
TITLES = ["教授", "副教授", "研究员", "副研究员", "高级工程师", "正高级工程师"]
HEADERS_NEEDS = [
    "县（市、区）",
    "企业名称",
    "统一社会信用代码",
    "成立日期",
    "企业规模",
    "企业资质",
    "所属行业",
    "需求名称",
    "需求描述",
    "所需专业",
    "意向专家",
    "意向专家单位",
    "研发投入占比",
    "纳税信用等级",
    "近三年失信记录",
    "股东",
    "联系人",
    "联系电话",
]
HEADERS_EXPERTS = [
    "姓名",
    "性别",
    "身份证号",
    "出生年月",
    "学历",
    "学位",
    "职称",
    "工作单位",
    "单位类型",
    "参加工作时间",
    "研究方向",
    "代表性成果",
    "发明专利数",
    "核心知识产权",
    "近三年不良记录",
    "意向企业",
    "联系电话",
]
DIVISION = {
    "鹿城区": "330302",
    "龙湾区": "330303",
    "瓯海区": "330304",
    "洞头区": "330305",
    "永嘉县": "330324",
    "平阳县": "330326",
    "苍南县": "330327",
    "文成县": "330328",
    "泰顺县": "330329",
    "瑞安市": "330381",
    "乐清市": "330382",
    "龙港市": "330383",
}


def parse_subjects() -> dict[str, tuple[list[tuple[str, ...]], list[tuple[str, str]]]]:
    out: dict[str, tuple[list[tuple[str, ...]], list[tuple[str, str]]]] = {}
    current = ""
    for line in SUBJECTS.strip().splitlines():
        line = line.strip()
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = ([], [])
        elif line.startswith("~"):
            field, result = (x.strip() for x in line[1:].split("|"))
            out[current][1].append((field, result))
        elif line:
            need_part, expert_part = line.split("||")
            title, desc, major = (x.strip() for x in need_part.split("|"))
            field, result = (x.strip() for x in expert_part.split("|"))
            out[current][0].append((title, desc, major, field, result))
    return out


def unit_type(unit: str) -> str:
    if "研究院" in unit:
        return "科研院所"
    if "职业" in unit:
        return "职业院校"
    return "高校"


def build(out_dir: Path) -> dict[str, int]:
    rng = random.Random(SEED)
    maker = Maker(SEED)
    subjects = parse_subjects()
    used_names: set[str] = set()
    used_firms: set[str] = set()

    def person() -> str:
        while True:
            name = (
                rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
            )
            if name not in used_names:
                used_names.add(name)
                return name

    def firm(county: str, industry: str) -> str:
        stem = county[:-1] if len(county) == 3 else county
        while True:
            name = f"温州{stem}{rng.choice(FIRM_WORDS)}{INDUSTRY_SUFFIX[industry]}有限公司"
            if name not in used_firms:
                used_firms.add(name)
                return name

    splits: dict[str, dict[str, list[list]]] = {
        "调优": {"needs": [], "experts": [], "key": []},
        "留出": {"needs": [], "experts": [], "key": []},
    }
    for industry, (pairs, distractors) in subjects.items():
        label, counties, units = INDUSTRIES[industry]
        firms_of_split: dict[str, list[str]] = {"调优": [], "留出": []}
        for k, (title, desc, major, field, result) in enumerate(pairs):
            split = "调优" if k % 2 == 0 else "留出"
            county = counties[k % len(counties)]
            company = firm(county, industry)
            firms_of_split[split].append(company)
            code = maker.uscc(DIVISION[county])
            name = person()
            unit = units[k % len(units)]
            founded = dt.date(2003 + rng.randrange(18), rng.randrange(1, 13), rng.randrange(1, 28))
            intended, intended_unit = "", ""
            if rng.random() < 0.12:
                intended, intended_unit = (f"{name}（{unit}）", "") if rng.random() < 0.5 else (name, unit)
            splits[split]["needs"].append(
                [
                    county,
                    company,
                    code,
                    founded,
                    rng.choice(["中", "小", "小", "微"]),
                    rng.choice(
                        ["高新技术企业", "科技型中小企业", "专精特新中小企业", "科技型中小企业、高新技术企业"]
                    ),
                    label,
                    title,
                    desc,
                    major,
                    intended,
                    intended_unit,
                    f"{rng.randrange(3, 9)}.{rng.randrange(10)}%",
                    rng.choice(["A", "B"]),
                    "否",
                    "",
                    person(),
                    maker.phone(),
                ]
            )
            splits[split]["key"].append([split, company, code, name, unit, label])
            male = rng.random() < 0.65
            birth = dt.date(1968 + rng.randrange(20), rng.randrange(1, 13), rng.randrange(1, 28))
            wants = ""
            roll = rng.random()
            if roll < 0.15:
                wants = company
            splits[split]["experts"].append(
                [
                    name,
                    "男" if male else "女",
                    maker.id_number("330302", birth, male),
                    birth.strftime("%Y.%m"),
                    "研究生",
                    "博士" if rng.random() < 0.7 else "硕士",
                    rng.choice(TITLES),
                    unit,
                    unit_type(unit),
                    dt.date(birth.year + 27, 7, 1).strftime("%Y.%m"),
                    field,
                    result,
                    rng.randrange(0, 12),
                    "是" if rng.random() < 0.4 else "否",
                    "否",
                    wants,
                    maker.phone(),
                ]
            )
        for k, (field, result) in enumerate(distractors):
            split = "调优" if k % 2 == 0 else "留出"
            name = person()
            unit = units[(k + 1) % len(units)]
            male = rng.random() < 0.6
            birth = dt.date(1970 + rng.randrange(20), rng.randrange(1, 13), rng.randrange(1, 28))
            splits[split]["experts"].append(
                [
                    name,
                    "男" if male else "女",
                    maker.id_number("330302", birth, male),
                    birth.strftime("%Y.%m"),
                    "研究生",
                    "博士",
                    rng.choice(TITLES),
                    unit,
                    unit_type(unit),
                    dt.date(birth.year + 28, 7, 1).strftime("%Y.%m"),
                    field,
                    result,
                    rng.randrange(0, 8),
                    "否",
                    "否",
                    "",
                    maker.phone(),
                ]
            )
        # a few experts name a wrong enterprise of the same industry (real forms do that too)
        for split in ("调优", "留出"):
            firms = firms_of_split[split]
            experts = [e for e in splits[split]["experts"][-(len(firms) + 1) :] if not e[15]]
            if len(firms) > 1 and experts and rng.random() < 0.5:
                victim = rng.choice(experts)
                victim[15] = rng.choice(firms)
    counts = {}
    for split, data in splits.items():
        write(
            out_dir / f"{split}_企业需求表.xlsx", "企业需求表", HEADERS_NEEDS, data["needs"], text_cols=(2,)
        )
        write(
            out_dir / f"{split}_专家意向表.xlsx",
            "专家意向表",
            HEADERS_EXPERTS,
            data["experts"],
            text_cols=(2,),
        )
        counts[f"{split}_需求"] = len(data["needs"])
        counts[f"{split}_专家"] = len(data["experts"])
    key = splits["调优"]["key"] + splits["留出"]["key"]
    write(
        out_dir / "答案.xlsx",
        "答案",
        ["划分", "企业名称", "统一社会信用代码", "专家姓名", "工作单位", "所属行业"],
        key,
        text_cols=(2,),
    )
    return counts


def write(path: Path, title: str, headers: list[str], rows: list[list], text_cols=()) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(row)
        for c in text_cols:
            ws.cell(row=ws.max_row, column=c + 1).number_format = "@"
    for r in range(2, ws.max_row + 1):
        cell = ws.cell(row=r, column=4)
        if isinstance(cell.value, dt.date):
            cell.number_format = "yyyy-mm-dd"
    wb.properties.creator = "fuzong"
    wb.properties.created = dt.datetime(2026, 11, 24)
    wb.properties.modified = dt.datetime(2026, 11, 24)
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for k, v in build(args.out).items():
        print(f"{k}: {v}")


if __name__ == "__main__":
    main()
