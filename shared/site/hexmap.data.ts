// The hex cartogram of the UK's upper-tier local authorities (HexJSON, odd-r),
// as published by Open Innovations (uk-upper-tier-local-authorities.hexjson),
// unchanged: ONS code -> name and cell. It predates the 2019-2025 changes;
// hexmap.ts places the successors. Its licence (MIT) travels with it:
//
// MIT License
//
// Copyright (c) 2017- Open Innovations
//
// Permission is hereby granted, free of charge, to any person obtaining a copy
// of this software and associated documentation files (the "Software"), to deal
// in the Software without restriction, including without limitation the rights
// to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
// copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in all
// copies or substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
// FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
// AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
// LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
// OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
// SOFTWARE.

export interface SourceHex {
  n: string;
  q: number;
  r: number;
}

/** The licence notice, published with the site (licences.txt). */
export const HEXMAP_LICENCE = `MIT License

Copyright (c) 2017- Open Innovations

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;

export const HEXJSON_LAYOUT = 'odd-r';

export const SOURCE_HEXES: Readonly<Record<string, SourceHex>> = {
  E09000002: { n: "Barking and Dagenham", q: 15, r: 5 },
  E09000003: { n: "Barnet", q: 11, r: 8 },
  E08000016: { n: "Barnsley", q: 9, r: 11 },
  E06000022: { n: "Bath and North East Somerset", q: 4, r: 2 },
  E06000055: { n: "Bedford", q: 10, r: 9 },
  E09000004: { n: "Bexley", q: 15, r: 4 },
  E08000025: { n: "Birmingham", q: 4, r: 7 },
  E06000008: { n: "Blackburn with Darwen", q: 6, r: 13 },
  E06000009: { n: "Blackpool", q: 5, r: 14 },
  E08000001: { n: "Bolton", q: 7, r: 12 },
  E06000058: { n: "Bournemouth, Christchurch and Poole", q: 5, r: 2 },
  E06000036: { n: "Bracknell Forest", q: 7, r: 3 },
  E08000032: { n: "Bradford", q: 9, r: 13 },
  E09000005: { n: "Brent", q: 10, r: 6 },
  E06000043: { n: "Brighton and Hove", q: 11, r: 2 },
  E06000023: { n: "Bristol, City of", q: 4, r: 3 },
  E09000006: { n: "Bromley", q: 12, r: 3 },
  E10000002: { n: "Buckinghamshire", q: 8, r: 6 },
  E08000002: { n: "Bury", q: 8, r: 12 },
  E08000033: { n: "Calderdale", q: 8, r: 13 },
  E10000003: { n: "Cambridgeshire", q: 12, r: 9 },
  E09000007: { n: "Camden", q: 10, r: 7 },
  E06000056: { n: "Central Bedfordshire", q: 11, r: 9 },
  E09000001: { n: "City of London", q: 12, r: 5 },
  E06000049: { n: "Cheshire East", q: 5, r: 9 },
  E06000050: { n: "Cheshire West and Chester", q: 5, r: 10 },
  E06000052: { n: "Cornwall", q: 1, r: 1 },
  E06000047: { n: "County Durham", q: 9, r: 14 },
  E08000026: { n: "Coventry", q: 6, r: 8 },
  E09000008: { n: "Croydon", q: 11, r: 3 },
  E10000006: { n: "Cumbria", q: 6, r: 14 },
  E06000005: { n: "Darlington", q: 10, r: 14 },
  E06000015: { n: "Derby", q: 7, r: 9 },
  E10000007: { n: "Derbyshire", q: 8, r: 9 },
  E10000008: { n: "Devon", q: 2, r: 2 },
  E08000017: { n: "Doncaster", q: 11, r: 10 },
  E06000059: { n: "Dorset", q: 3, r: 1 },
  E08000027: { n: "Dudley", q: 3, r: 7 },
  E09000009: { n: "Ealing", q: 9, r: 6 },
  E06000011: { n: "East Riding of Yorkshire", q: 13, r: 12 },
  E10000011: { n: "East Sussex", q: 12, r: 2 },
  E09000010: { n: "Enfield", q: 12, r: 7 },
  E10000012: { n: "Essex", q: 14, r: 8 },
  E08000037: { n: "Gateshead", q: 10, r: 15 },
  E10000013: { n: "Gloucestershire", q: 4, r: 5 },
  E09000011: { n: "Greenwich", q: 14, r: 4 },
  E09000012: { n: "Hackney", q: 12, r: 6 },
  E06000006: { n: "Halton", q: 6, r: 10 },
  E09000013: { n: "Hammersmith and Fulham", q: 9, r: 5 },
  E10000014: { n: "Hampshire", q: 8, r: 2 },
  E09000014: { n: "Haringey", q: 11, r: 7 },
  E09000015: { n: "Harrow", q: 10, r: 8 },
  E06000001: { n: "Hartlepool", q: 12, r: 14 },
  E09000016: { n: "Havering", q: 15, r: 6 },
  E06000019: { n: "Herefordshire, County of", q: 5, r: 6 },
  E10000015: { n: "Hertfordshire", q: 13, r: 8 },
  E09000017: { n: "Hillingdon", q: 9, r: 7 },
  E09000018: { n: "Hounslow", q: 8, r: 5 },
  E06000046: { n: "Isle of Wight", q: 8, r: 0 },
  E06000053: { n: "Isles of Scilly", q: 0, r: 0 },
  E09000019: { n: "Islington", q: 11, r: 6 },
  E09000020: { n: "Kensington and Chelsea", q: 10, r: 5 },
  E10000016: { n: "Kent", q: 13, r: 3 },
  E06000010: { n: "Kingston upon Hull, City of", q: 12, r: 11 },
  E09000021: { n: "Kingston upon Thames", q: 9, r: 3 },
  E08000034: { n: "Kirklees", q: 10, r: 12 },
  E08000011: { n: "Knowsley", q: 4, r: 11 },
  E09000022: { n: "Lambeth", q: 11, r: 4 },
  E10000017: { n: "Lancashire", q: 5, r: 13 },
  E08000035: { n: "Leeds", q: 11, r: 12 },
  E06000016: { n: "Leicester", q: 6, r: 7 },
  E10000018: { n: "Leicestershire", q: 7, r: 7 },
  E09000023: { n: "Lewisham", q: 13, r: 4 },
  E10000019: { n: "Lincolnshire", q: 12, r: 10 },
  E08000012: { n: "Liverpool", q: 4, r: 10 },
  E06000032: { n: "Luton", q: 12, r: 8 },
  E08000003: { n: "Manchester", q: 7, r: 11 },
  E06000035: { n: "Medway", q: 16, r: 4 },
  E09000024: { n: "Merton", q: 10, r: 3 },
  E06000002: { n: "Middlesbrough", q: 11, r: 13 },
  E06000042: { n: "Milton Keynes", q: 8, r: 7 },
  E08000021: { n: "Newcastle upon Tyne", q: 9, r: 15 },
  E09000025: { n: "Newham", q: 14, r: 5 },
  E10000020: { n: "Norfolk", q: 14, r: 10 },
  E06000012: { n: "North East Lincolnshire", q: 13, r: 11 },
  E06000013: { n: "North Lincolnshire", q: 11, r: 11 },
  E06000024: { n: "North Somerset", q: 3, r: 3 },
  E08000022: { n: "North Tyneside", q: 10, r: 17 },
  E10000023: { n: "North Yorkshire", q: 10, r: 13 },
  E10000021: { n: "Northamptonshire", q: 7, r: 6 },
  E06000057: { n: "Northumberland", q: 10, r: 16 },
  E06000018: { n: "Nottingham", q: 9, r: 8 },
  E10000024: { n: "Nottinghamshire", q: 9, r: 9 },
  E08000004: { n: "Oldham", q: 9, r: 12 },
  E10000025: { n: "Oxfordshire", q: 6, r: 5 },
  E06000031: { n: "Peterborough", q: 13, r: 10 },
  E06000026: { n: "Plymouth", q: 2, r: 0 },
  E06000044: { n: "Portsmouth", q: 7, r: 2 },
  E06000038: { n: "Reading", q: 7, r: 4 },
  E09000026: { n: "Redbridge", q: 14, r: 6 },
  E06000003: { n: "Redcar and Cleveland", q: 12, r: 13 },
  E09000027: { n: "Richmond upon Thames", q: 9, r: 4 },
  E08000005: { n: "Rochdale", q: 7, r: 13 },
  E08000018: { n: "Rotherham", q: 10, r: 10 },
  E06000017: { n: "Rutland", q: 8, r: 8 },
  E08000006: { n: "Salford", q: 6, r: 12 },
  E08000028: { n: "Sandwell", q: 4, r: 8 },
  E08000014: { n: "Sefton", q: 3, r: 11 },
  E08000019: { n: "Sheffield", q: 9, r: 10 },
  E06000051: { n: "Shropshire", q: 3, r: 8 },
  E06000039: { n: "Slough", q: 7, r: 5 },
  E08000029: { n: "Solihull", q: 5, r: 7 },
  E10000027: { n: "Somerset", q: 3, r: 2 },
  E06000025: { n: "South Gloucestershire", q: 4, r: 4 },
  E08000023: { n: "South Tyneside", q: 11, r: 16 },
  E06000045: { n: "Southampton", q: 6, r: 2 },
  E06000033: { n: "Southend-on-Sea", q: 14, r: 7 },
  E09000028: { n: "Southwark", q: 12, r: 4 },
  E08000013: { n: "St. Helens", q: 5, r: 11 },
  E10000028: { n: "Staffordshire", q: 7, r: 8 },
  E08000007: { n: "Stockport", q: 8, r: 10 },
  E06000004: { n: "Stockton-on-Tees", q: 11, r: 14 },
  E06000021: { n: "Stoke-on-Trent", q: 6, r: 9 },
  E10000029: { n: "Suffolk", q: 13, r: 9 },
  E08000024: { n: "Sunderland", q: 11, r: 15 },
  E10000030: { n: "Surrey", q: 8, r: 3 },
  E09000029: { n: "Sutton", q: 10, r: 2 },
  E06000030: { n: "Swindon", q: 5, r: 4 },
  E08000008: { n: "Tameside", q: 8, r: 11 },
  E06000020: { n: "Telford and Wrekin", q: 3, r: 9 },
  E06000034: { n: "Thurrock", q: 13, r: 7 },
  E06000027: { n: "Torbay", q: 2, r: 1 },
  E09000030: { n: "Tower Hamlets", q: 13, r: 5 },
  E08000009: { n: "Trafford", q: 6, r: 11 },
  E08000036: { n: "Wakefield", q: 10, r: 11 },
  E08000030: { n: "Walsall", q: 5, r: 8 },
  E09000031: { n: "Waltham Forest", q: 13, r: 6 },
  E09000032: { n: "Wandsworth", q: 10, r: 4 },
  E06000007: { n: "Warrington", q: 7, r: 10 },
  E10000031: { n: "Warwickshire", q: 6, r: 6 },
  E06000037: { n: "West Berkshire", q: 6, r: 4 },
  E10000032: { n: "West Sussex", q: 9, r: 2 },
  E09000033: { n: "Westminster", q: 11, r: 5 },
  E08000010: { n: "Wigan", q: 5, r: 12 },
  E06000054: { n: "Wiltshire", q: 5, r: 3 },
  E06000040: { n: "Windsor and Maidenhead", q: 8, r: 4 },
  E08000015: { n: "Wirral", q: 3, r: 10 },
  E06000041: { n: "Wokingham", q: 6, r: 3 },
  E08000031: { n: "Wolverhampton", q: 4, r: 9 },
  E10000034: { n: "Worcestershire", q: 5, r: 5 },
  E06000014: { n: "York", q: 12, r: 12 },
};
