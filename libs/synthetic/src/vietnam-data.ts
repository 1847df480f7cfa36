/** A province-level unit after the 1 July 2025 merger (34 units) with its official code. */
export interface Province {
  readonly code: string;
  readonly name: string;
  /**
   * Commune-code ranges of the provinces merged into it (national administrative-unit list).
   * Codes drawn from them look real but are not guaranteed to name an existing commune.
   */
  readonly communeRanges: readonly (readonly [number, number])[];
  /** Rough share of the population, for weighted picks. */
  readonly weight: number;
}

const nfc = (text: string): string => text.normalize('NFC');

export const PROVINCES: readonly Province[] = (
  [
    [
      '01',
      'Thành phố Hà Nội',
      [
        [1, 687],
        [9574, 10500],
      ],
      8.5,
    ],
    ['04', 'Cao Bằng', [[1273, 1839]], 0.55],
    [
      '08',
      'Tuyên Quang',
      [
        [2044, 2592],
        [688, 1272],
      ],
      1.9,
    ],
    ['11', 'Điện Biên', [[3124, 3384]], 0.65],
    ['12', 'Lai Châu', [[3385, 3594]], 0.47],
    ['14', 'Sơn La', [[3595, 4245]], 1.3],
    [
      '15',
      'Lào Cai',
      [
        [2593, 3123],
        [4246, 4680],
      ],
      1.8,
    ],
    [
      '19',
      'Thái Nguyên',
      [
        [5431, 5976],
        [1840, 2043],
      ],
      1.8,
    ],
    ['20', 'Lạng Sơn', [[5977, 6627]], 0.8],
    ['22', 'Quảng Ninh', [[6628, 7202]], 1.4],
    [
      '24',
      'Bắc Ninh',
      [
        [7203, 7893],
        [9169, 9573],
      ],
      3.6,
    ],
    [
      '25',
      'Phú Thọ',
      [
        [7894, 8706],
        [8707, 9168],
        [4681, 5430],
      ],
      4.1,
    ],
    [
      '31',
      'Thành phố Hải Phòng',
      [
        [11296, 11949],
        [10507, 11295],
      ],
      4.7,
    ],
    [
      '33',
      'Hưng Yên',
      [
        [11950, 12423],
        [12424, 13284],
      ],
      3.6,
    ],
    [
      '37',
      'Ninh Bình',
      [
        [14359, 14604],
        [13285, 13545],
        [13546, 14358],
      ],
      4.1,
    ],
    ['38', 'Thanh Hóa', [[14605, 16680]], 3.7],
    ['40', 'Nghệ An', [[16681, 18069]], 3.5],
    ['42', 'Hà Tĩnh', [[18070, 19008]], 1.3],
    [
      '44',
      'Quảng Trị',
      [
        [19009, 19299],
        [19300, 19716],
      ],
      1.9,
    ],
    ['46', 'Thành phố Huế', [[19717, 20193]], 1.2],
    [
      '48',
      'Thành phố Đà Nẵng',
      [
        [20194, 20332],
        [20333, 21024],
      ],
      3.1,
    ],
    [
      '51',
      'Quảng Ngãi',
      [
        [21025, 21549],
        [23281, 23560],
      ],
      2.2,
    ],
    [
      '52',
      'Gia Lai',
      [
        [23561, 24120],
        [21550, 22014],
      ],
      3.6,
    ],
    [
      '56',
      'Khánh Hòa',
      [
        [22319, 22737],
        [22738, 22890],
      ],
      2.3,
    ],
    [
      '66',
      'Đắk Lắk',
      [
        [24121, 24610],
        [22015, 22318],
      ],
      3.4,
    ],
    [
      '68',
      'Lâm Đồng',
      [
        [24778, 25215],
        [24611, 24777],
        [22891, 23280],
      ],
      3.9,
    ],
    [
      '75',
      'Đồng Nai',
      [
        [25993, 26445],
        [25216, 25458],
      ],
      4.5,
    ],
    [
      '79',
      'Thành phố Hồ Chí Minh',
      [
        [26734, 27492],
        [25741, 25992],
        [26446, 26733],
      ],
      14.0,
    ],
    [
      '80',
      'Tây Ninh',
      [
        [25459, 25740],
        [27493, 28224],
      ],
      3.3,
    ],
    [
      '82',
      'Đồng Tháp',
      [
        [29869, 30279],
        [28225, 28755],
      ],
      4.4,
    ],
    [
      '86',
      'Vĩnh Long',
      [
        [29551, 29868],
        [28756, 29241],
        [29242, 29550],
      ],
      4.3,
    ],
    [
      '91',
      'An Giang',
      [
        [30280, 30576],
        [30577, 31116],
      ],
      5.0,
    ],
    [
      '92',
      'Thành phố Cần Thơ',
      [
        [31117, 31470],
        [31471, 31506],
        [31507, 31824],
      ],
      4.2,
    ],
    [
      '96',
      'Cà Mau',
      [
        [31975, 32250],
        [31825, 31974],
      ],
      2.6,
    ],
  ] as const
).map(([code, name, communeRanges, weight]) => ({ code, name: nfc(name), communeRanges, weight }));

/** Family names with their approximate share of the population. */
export const FAMILY_NAMES: readonly (readonly [string, number])[] = (
  [
    ['Nguyễn', 38],
    ['Trần', 11],
    ['Lê', 9.5],
    ['Phạm', 7],
    ['Hoàng', 3],
    ['Huỳnh', 2.1],
    ['Phan', 4.5],
    ['Vũ', 2],
    ['Võ', 1.9],
    ['Đặng', 2.1],
    ['Bùi', 2],
    ['Đỗ', 1.4],
    ['Hồ', 1.3],
    ['Ngô', 1.3],
    ['Dương', 1],
    ['Lý', 0.5],
    ['Đinh', 0.6],
    ['Trịnh', 0.5],
    ['Lương', 0.4],
    ['Mai', 0.4],
    ['Tạ', 0.2],
    ['Lâm', 0.3],
    ['Châu', 0.2],
    ['Cao', 0.3],
    ['Tô', 0.2],
    ['Quách', 0.1],
    ['Hà', 0.3],
    ['Kiều', 0.1],
  ] as const
).map(([name, weight]) => [nfc(name), weight] as const);

export const MALE_MIDDLE_NAMES = [
  'Văn',
  'Hữu',
  'Đức',
  'Minh',
  'Quang',
  'Công',
  'Thành',
  'Xuân',
  'Ngọc',
  'Anh',
  'Gia',
  'Tuấn',
  'Hoàng',
].map(nfc);
export const FEMALE_MIDDLE_NAMES = [
  'Thị',
  'Ngọc',
  'Thu',
  'Thanh',
  'Minh',
  'Hồng',
  'Kim',
  'Mai',
  'Phương',
  'Bảo',
  'Khánh',
  'Diệu',
].map(nfc);
export const MALE_GIVEN_NAMES = [
  'An',
  'Bảo',
  'Bình',
  'Cường',
  'Dũng',
  'Duy',
  'Đạt',
  'Đức',
  'Hải',
  'Hiếu',
  'Hoàng',
  'Hùng',
  'Huy',
  'Khánh',
  'Khoa',
  'Kiên',
  'Long',
  'Lộc',
  'Minh',
  'Nam',
  'Nghĩa',
  'Phong',
  'Phúc',
  'Quân',
  'Quang',
  'Sơn',
  'Tài',
  'Thắng',
  'Thành',
  'Thịnh',
  'Tiến',
  'Toàn',
  'Trung',
  'Tuấn',
  'Việt',
  'Vinh',
  'Vũ',
  'Khôi',
  'Lâm',
  'Hưng',
].map(nfc);
export const FEMALE_GIVEN_NAMES = [
  'Anh',
  'Châu',
  'Chi',
  'Dung',
  'Giang',
  'Hà',
  'Hạnh',
  'Hằng',
  'Hiền',
  'Hoa',
  'Hồng',
  'Hương',
  'Huyền',
  'Lan',
  'Linh',
  'Loan',
  'Mai',
  'My',
  'Nga',
  'Ngân',
  'Ngọc',
  'Nhung',
  'Oanh',
  'Phương',
  'Quỳnh',
  'Tâm',
  'Thảo',
  'Thu',
  'Thủy',
  'Trang',
  'Trinh',
  'Uyên',
  'Vân',
  'Yến',
  'Diệp',
  'Nhi',
  'Thư',
  'Hân',
].map(nfc);

export const ETHNICITIES: readonly (readonly [string, number])[] = (
  [
    ['Kinh', 85.3],
    ['Tày', 1.9],
    ['Thái', 1.8],
    ['Mường', 1.5],
    ['Khmer', 1.4],
    ['Hoa', 0.8],
    ['Nùng', 1.1],
    ['Mông', 1.4],
    ['Dao', 0.9],
    ['Gia Rai', 0.5],
    ['Ê Đê', 0.4],
    ['Ba Na', 0.3],
    ['Sán Chay', 0.2],
    ['Chăm', 0.2],
  ] as const
).map(([name, weight]) => [nfc(name), weight] as const);

export const STREETS = [
  'Lê Lợi',
  'Trần Hưng Đạo',
  'Nguyễn Trãi',
  'Hai Bà Trưng',
  'Lý Thường Kiệt',
  'Quang Trung',
  'Điện Biên Phủ',
  'Hùng Vương',
  'Nguyễn Huệ',
  'Phan Chu Trinh',
  'Lê Duẩn',
  'Trần Phú',
  'Nguyễn Du',
  'Bà Triệu',
  'Lạc Long Quân',
  'Võ Thị Sáu',
  'Nguyễn Thị Minh Khai',
  'Cách Mạng Tháng Tám',
  'Phạm Văn Đồng',
  'Hoàng Diệu',
].map(nfc);

export const HAMLET_PREFIXES = ['Thôn', 'Ấp', 'Bản', 'Tổ dân phố', 'Khu phố'].map(nfc);

export const COMPANY_WORDS = [
  'Thương mại',
  'Dịch vụ',
  'Xây dựng',
  'Công nghệ',
  'Sản xuất',
  'Vận tải',
  'Đầu tư',
  'Xuất nhập khẩu',
  'Nông sản',
  'Thực phẩm',
  'Dệt may',
  'Phần mềm',
  'Du lịch',
  'Bất động sản',
  'Cơ khí',
  'Điện tử',
].map(nfc);
export const COMPANY_BRANDS = [
  'Hoàng Long',
  'Phú Gia',
  'Minh Phát',
  'Thành Đạt',
  'Sao Việt',
  'Đại Dương',
  'Bình Minh',
  'Hưng Thịnh',
  'An Khang',
  'Tân Phát',
  'Việt Tiến',
  'Trường Sơn',
  'Hải Âu',
  'Kim Long',
  'Phương Nam',
  'Thiên Phúc',
].map(nfc);
export const COMPANY_BRANDS_ASCII = [
  'Hoang Long',
  'Phu Gia',
  'Minh Phat',
  'Thanh Dat',
  'Sao Viet',
  'Dai Duong',
  'Binh Minh',
  'Hung Thinh',
  'An Khang',
  'Tan Phat',
  'Viet Tien',
  'Truong Son',
  'Hai Au',
  'Kim Long',
  'Phuong Nam',
  'Thien Phuc',
];

/** VSIC 2018 codes (4- and 5-digit) common among registered enterprises. */
export const INDUSTRY_CODES = [
  '4100',
  '4290',
  '4330',
  '4610',
  '4620',
  '4632',
  '4649',
  '4659',
  '4661',
  '4663',
  '4690',
  '4711',
  '4719',
  '4933',
  '5210',
  '5510',
  '5610',
  '6201',
  '6202',
  '6209',
  '6311',
  '6810',
  '6820',
  '7020',
  '7110',
  '7310',
  '8299',
  '1410',
  '1050',
  '2592',
  '46491',
  '46492',
  '47110',
  '49331',
  '56101',
  '62010',
];

/** Health-insurance beneficiary groups (first two letters of the card number). */
export const EMPLOYEE_CARD_GROUP = 'DN';
export const RETIREE_CARD_GROUP = 'HT';
export const VOLUNTARY_CARD_GROUP = 'GD';
