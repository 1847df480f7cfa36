import type { Citizen, Enterprise, Participant } from './generated/contract-types.js';

/** Minimal valid records that specs mutate into invalid ones. */
export function validCitizen(): Citizen {
  return {
    personalId: '001090012345',
    fullName: 'Nguyễn Thị Hồng Nhung',
    dateOfBirth: '1990-01-31',
    sex: 'female',
    nationality: 'VN',
    ethnicity: 'Kinh',
    placeOfOrigin: { provinceCode: '01', communeCode: '00004' },
    permanentAddress: { provinceCode: '01', communeCode: '00004', addressLine: 'Số 12 phố Tràng Tiền' },
    householdId: 'HH0000000001',
    relationToHouseholdHead: 'head',
    identityCard: { number: '001090012345', issueDate: '2021-06-01' },
    status: 'alive',
    version: 1,
  };
}

export function validEnterprise(): Enterprise {
  return {
    enterpriseCode: '0101234567',
    name: 'Công ty TNHH Thương mại Hà Nội',
    legalForm: 'multi-member-llc',
    registrationDate: '2015-03-02',
    status: 'active',
    headOfficeAddress: { provinceCode: '01', communeCode: '00004', addressLine: 'Số 5 phố Hàng Bài' },
    charterCapital: 5_000_000_000,
    industryCodes: ['4649', '46900'],
    legalRepresentativeIds: ['001090012345'],
    legalRepresentativeDeceased: false,
    version: 1,
  };
}

export function validParticipant(): Participant {
  return {
    socialInsuranceNumber: '0112345678',
    personalId: '001090012345',
    employerEnterpriseCode: '0101234567',
    schemes: {
      sickness: { startDate: '2015-04-01' },
      oldAge: { startDate: '2015-04-01' },
      healthInsurance: { startDate: '2015-04-01' },
      unemployment: { startDate: '2015-04-01', endDate: '2019-12-31', endReason: 'employment-ended' },
    },
    healthInsuranceCard: {
      number: 'DN4010112345678',
      validFrom: '2026-01-01',
      validUntil: '2026-12-31',
      primaryCareFacilityCode: '01001',
    },
    contributionSalary: 12_500_000,
    status: 'active',
    version: 3,
  };
}
