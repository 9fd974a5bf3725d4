import { ProductInput } from '@bazaar/shared';
import type { TestApp } from './test-app';

/**
 * A small hand-written shop (furniture, home, kitchen, apparel, outdoor) and the queries a shopper
 * would type into it, each with the product it should find. The relevance tests run both engines
 * over it and report how often that product comes first, and how often it is in the first five.
 */
export interface FixtureProduct {
  slug: string;
  title: string;
  brand: string;
  tags: string[];
  description: string;
}

const p = (slug: string, title: string, brand: string, tags: string[], description: string): FixtureProduct => ({
  slug,
  title,
  brand,
  tags,
  description,
});

export const RELEVANCE_CATALOG: FixtureProduct[] = [
  // Living room
  p(
    'harbor-three-seat-sofa',
    'Harbor Three-Seat Sofa',
    'Oakline',
    ['living'],
    'Deep seats, feather-wrapped cushions and a kiln-dried pine frame. Linen upholstery in oat.',
  ),
  p(
    'milo-velvet-loveseat',
    'Milo Velvet Loveseat',
    'Oakline',
    ['living'],
    'A compact two-seater for small flats, with tapered walnut legs and a tight back.',
  ),
  p(
    'cove-sectional-couch',
    'Cove Modular Sectional Couch',
    'Homestead',
    ['living'],
    'Five modules you can rearrange into an L or a U. Washable covers, so it copes with kids and dogs.',
  ),
  p(
    'arlo-leather-armchair',
    'Arlo Leather Armchair',
    'Homestead',
    ['living'],
    'Full-grain leather that softens with age over a solid beech frame. Pairs with the Arlo ottoman.',
  ),
  p(
    'arlo-ottoman',
    'Arlo Leather Ottoman',
    'Homestead',
    ['living'],
    'A low footstool in full-grain leather with hidden storage under the lid.',
  ),
  p(
    'rattan-accent-chair',
    'Rattan Accent Chair',
    'Tidewater',
    ['living', 'natural'],
    'Hand-woven rattan on a steel frame with a cotton seat pad. Unlike our sofas, it is light enough to move with one hand.',
  ),
  p(
    'oak-coffee-table',
    'Round Oak Coffee Table',
    'Oakline',
    ['living'],
    'Solid white oak with an oiled finish and a lower shelf for magazines and remotes.',
  ),
  p(
    'marble-side-table',
    'Marble Side Table',
    'Atelier Nord',
    ['living'],
    'A Carrara marble top on a slim brass base, sized to sit beside an armchair.',
  ),
  p(
    'walnut-media-console',
    'Walnut Media Console',
    'Oakline',
    ['living'],
    'A low TV stand with sliding cane doors, cable cut-outs and two adjustable shelves.',
  ),
  p(
    'ladder-bookshelf',
    'Five-Tier Ladder Bookshelf',
    'Birchwood',
    ['living', 'storage'],
    'Leaning shelves in ash for books, plants and records. Anchors to the wall.',
  ),
  p(
    'wool-area-rug',
    'Hand-Tufted Wool Area Rug',
    'Loomhouse',
    ['living', 'textiles'],
    'Thick New Zealand wool in a soft diamond pattern, 160 by 230 centimetres.',
  ),
  p(
    'jute-runner-rug',
    'Braided Jute Runner',
    'Loomhouse',
    ['textiles', 'natural'],
    'A narrow braided runner for hallways and kitchens, reversible and hard-wearing.',
  ),
  p(
    'linen-throw-pillow',
    'Stonewashed Linen Throw Pillow',
    'Loomhouse',
    ['textiles'],
    'A square cushion cover with a feather insert, stonewashed for a relaxed crumpled look.',
  ),
  p(
    'chunky-knit-throw',
    'Chunky Knit Throw Blanket',
    'Loomhouse',
    ['textiles'],
    'An oversized merino throw knitted by hand, warm enough for winter evenings on the couch.',
  ),
  p(
    'blackout-curtains',
    'Blackout Curtain Panels',
    'Loomhouse',
    ['textiles', 'bedroom'],
    'Two lined panels that block street light, with a brushed cotton face and ring tops.',
  ),
  // Bedroom
  p(
    'oak-platform-bed',
    'Oak Platform Bed Frame',
    'Oakline',
    ['bedroom'],
    'A low queen bed frame with slatted support, no box spring needed. Solid oak with rounded corners.',
  ),
  p(
    'upholstered-headboard',
    'Channel-Tufted Upholstered Headboard',
    'Homestead',
    ['bedroom'],
    'A padded headboard in boucle that bolts to any king or queen frame.',
  ),
  p(
    'walnut-nightstand',
    'Walnut Nightstand',
    'Oakline',
    ['bedroom'],
    'A bedside table with one soft-close drawer and an open shelf beneath.',
  ),
  p(
    'six-drawer-dresser',
    'Six-Drawer Dresser',
    'Birchwood',
    ['bedroom', 'storage'],
    'A wide chest of drawers in birch veneer with dovetailed joints and metal runners.',
  ),
  p(
    'memory-foam-mattress',
    'Cooling Memory Foam Mattress',
    'Restwell',
    ['bedroom', 'sleep'],
    'Gel-infused memory foam over pocket springs, medium firm, delivered rolled in a box.',
  ),
  p(
    'goose-down-duvet',
    'Goose Down Duvet',
    'Restwell',
    ['bedroom', 'sleep'],
    'An all-season comforter filled with responsibly sourced down, baffle-box stitched.',
  ),
  p(
    'percale-sheet-set',
    'Cotton Percale Sheet Set',
    'Restwell',
    ['bedroom', 'sleep'],
    'Crisp, cool long-staple cotton: a fitted sheet, a flat sheet and two pillowcases.',
  ),
  p(
    'buckwheat-pillow',
    'Buckwheat Hull Pillow',
    'Restwell',
    ['sleep', 'natural'],
    'A firm pillow you can shape, filled with organic buckwheat hulls that stay cool.',
  ),
  p(
    'full-length-mirror',
    'Arched Full-Length Mirror',
    'Atelier Nord',
    ['bedroom'],
    'A tall arched floor mirror with a thin black metal frame.',
  ),
  // Dining and office
  p(
    'farmhouse-dining-table',
    'Farmhouse Extending Dining Table',
    'Birchwood',
    ['dining'],
    'Reclaimed pine that seats six, or eight with the leaf in.',
  ),
  p(
    'windsor-dining-chair',
    'Windsor Dining Chair',
    'Birchwood',
    ['dining'],
    'A spindle-back chair steam-bent from ash, sold singly. Stacks two high.',
  ),
  p(
    'counter-bar-stool',
    'Counter Height Bar Stool',
    'Tidewater',
    ['dining', 'kitchen'],
    'A swivel stool with a footrest, sized for kitchen islands and counters.',
  ),
  p('standing-desk', 'Electric Standing Desk', 'Workform', ['office'], 'A dual-motor sit-stand desk with memory presets and a bamboo top.'),
  p(
    'ergonomic-office-chair',
    'Ergonomic Mesh Office Chair',
    'Workform',
    ['office'],
    'Adjustable lumbar support, 4D armrests and a breathable mesh back for long working days.',
  ),
  p(
    'brass-desk-lamp',
    'Brass Adjustable Desk Lamp',
    'Atelier Nord',
    ['office', 'lighting'],
    'A hinged task light with a dimmer, warm LED and a weighted base.',
  ),
  p(
    'linen-floor-lamp',
    'Tripod Floor Lamp',
    'Atelier Nord',
    ['lighting', 'living'],
    'Three oak legs under a pleated linen shade; a foot switch on the cord.',
  ),
  p(
    'globe-pendant-light',
    'Opal Globe Pendant Light',
    'Atelier Nord',
    ['lighting'],
    'A hand-blown opal glass globe on a fabric cord, for hanging over a dining table.',
  ),
  // Kitchen
  p(
    'cast-iron-skillet',
    'Pre-Seasoned Cast Iron Skillet',
    'Forge & Field',
    ['kitchen', 'cookware'],
    'A 26 cm frying pan that goes from hob to oven to campfire and lasts for generations.',
  ),
  p(
    'enameled-dutch-oven',
    'Enameled Dutch Oven',
    'Forge & Field',
    ['kitchen', 'cookware'],
    'A heavy casserole pot with a tight lid for braising, stews and baking bread.',
  ),
  p(
    'chef-knife',
    'Damascus Chef Knife',
    'Kitsune',
    ['kitchen', 'knives'],
    'A 20 cm blade of layered steel with a walnut handle, razor sharp out of the box.',
  ),
  p(
    'bamboo-cutting-board',
    'End-Grain Bamboo Cutting Board',
    'Kitsune',
    ['kitchen'],
    'A thick chopping board that is gentle on knife edges, with a juice groove.',
  ),
  p(
    'pour-over-coffee-kettle',
    'Gooseneck Pour-Over Kettle',
    'Brewhaus',
    ['kitchen', 'coffee'],
    'A stovetop kettle with a thermometer in the lid for precise pour-over brewing.',
  ),
  p(
    'burr-coffee-grinder',
    'Conical Burr Coffee Grinder',
    'Brewhaus',
    ['kitchen', 'coffee'],
    'Forty grind settings from espresso fine to French press coarse.',
  ),
  p(
    'french-press',
    'Double-Wall French Press',
    'Brewhaus',
    ['kitchen', 'coffee'],
    'Stainless steel that keeps coffee hot for an hour; makes eight cups.',
  ),
  p(
    'stoneware-dinner-plates',
    'Speckled Stoneware Dinner Plates',
    'Claywork',
    ['dining', 'tableware'],
    'A set of four glazed plates, dishwasher and microwave safe.',
  ),
  p(
    'linen-tablecloth',
    'Washed Linen Tablecloth',
    'Loomhouse',
    ['dining', 'textiles'],
    'A rectangular tablecloth in soft washed linen for a table of six to eight.',
  ),
  p(
    'glass-storage-jars',
    'Glass Pantry Storage Jars',
    'Claywork',
    ['kitchen', 'storage'],
    'Six airtight jars with bamboo lids for flour, rice, pasta and coffee beans.',
  ),
  // Bath
  p(
    'waffle-bath-towels',
    'Waffle Weave Bath Towels',
    'Loomhouse',
    ['bath', 'textiles'],
    'Quick-drying Turkish cotton towels in a honeycomb weave, a set of two.',
  ),
  p('teak-bath-mat', 'Teak Shower Mat', 'Tidewater', ['bath'], 'Slatted teak that drains fast and does not mind getting wet every day.'),
  // Apparel
  p(
    'merino-crew-sweater',
    'Merino Wool Crew Sweater',
    'Northfold',
    ['apparel', 'knitwear'],
    'A fine-gauge jumper that is warm without bulk and never itches.',
  ),
  p(
    'cable-knit-cardigan',
    'Cable Knit Cardigan',
    'Northfold',
    ['apparel', 'knitwear'],
    'A chunky button-front cardigan in lambswool with deep patch pockets.',
  ),
  p(
    'oxford-button-down-shirt',
    'Oxford Button-Down Shirt',
    'Northfold',
    ['apparel', 'shirts'],
    'A classic cotton oxford shirt with a soft roll collar, garment washed.',
  ),
  p(
    'linen-summer-dress',
    'Linen Midi Summer Dress',
    'Wren & Sparrow',
    ['apparel', 'dresses'],
    'A breezy midi dress with a tie waist and pockets, cut from European linen.',
  ),
  p(
    'selvedge-denim-jeans',
    'Selvedge Denim Jeans',
    'Ironweft',
    ['apparel', 'trousers'],
    'Raw Japanese denim in a slim straight fit that fades with wear.',
  ),
  p(
    'chino-trousers',
    'Stretch Cotton Chinos',
    'Ironweft',
    ['apparel', 'trousers'],
    'Everyday trousers with a little stretch, a tapered leg and a clean front.',
  ),
  p(
    'down-puffer-jacket',
    'Hooded Down Puffer Jacket',
    'Summitline',
    ['apparel', 'outerwear'],
    'A packable winter jacket with 700-fill down and a water-repellent shell.',
  ),
  p(
    'waxed-cotton-jacket',
    'Waxed Cotton Field Jacket',
    'Forge & Field',
    ['apparel', 'outerwear'],
    'A rain-proof waxed coat with a corduroy collar and four bellows pockets.',
  ),
  p(
    'trail-running-shoes',
    'Trail Running Shoes',
    'Summitline',
    ['apparel', 'footwear', 'running'],
    'Grippy lugged soles and a rock plate for runs on muddy, rocky trails.',
  ),
  p(
    'leather-chelsea-boots',
    'Leather Chelsea Boots',
    'Ironweft',
    ['apparel', 'footwear'],
    'Pull-on ankle boots with elastic sides and a stitched rubber sole.',
  ),
  p(
    'canvas-sneakers',
    'Low-Top Canvas Sneakers',
    'Ironweft',
    ['apparel', 'footwear'],
    'Organic canvas trainers with a vulcanised sole, for everyday walking.',
  ),
  p(
    'wool-hiking-socks',
    'Merino Hiking Socks',
    'Summitline',
    ['apparel', 'outdoor'],
    'Cushioned socks that keep feet dry on long walks; three pairs.',
  ),
  p(
    'leather-belt',
    'Full-Grain Leather Belt',
    'Ironweft',
    ['apparel', 'accessories'],
    'A thick vegetable-tanned belt with a solid brass buckle.',
  ),
  p(
    'canvas-tote-bag',
    'Heavy Canvas Tote Bag',
    'Forge & Field',
    ['accessories'],
    'A roomy shoulder bag in waxed canvas with leather handles and an inside pocket.',
  ),
  p(
    'cashmere-scarf',
    'Cashmere Scarf',
    'Northfold',
    ['apparel', 'accessories'],
    'A long, featherlight scarf woven from Mongolian cashmere.',
  ),
  p(
    'yoga-leggings',
    'High-Rise Yoga Leggings',
    'Wren & Sparrow',
    ['apparel', 'activewear'],
    'Squat-proof leggings with a wide waistband and a phone pocket.',
  ),
  p(
    'running-shorts',
    'Lightweight Running Shorts',
    'Summitline',
    ['apparel', 'activewear', 'running'],
    'Five-inch shorts with a built-in liner and a zipped key pocket for your runs.',
  ),
  // Outdoor and garden
  p(
    'teak-garden-bench',
    'Teak Garden Bench',
    'Tidewater',
    ['outdoor', 'garden'],
    'A three-seat bench of grade-A teak that weathers to a silver grey outside.',
  ),
  p(
    'hammock-with-stand',
    'Cotton Rope Hammock with Stand',
    'Tidewater',
    ['outdoor'],
    'A two-person hammock on a powder-coated steel stand; no trees needed.',
  ),
  p(
    'ceramic-planter',
    'Glazed Ceramic Planter',
    'Claywork',
    ['garden', 'plants'],
    'A large plant pot with a drainage hole and saucer, for fiddle leaf figs and olive trees.',
  ),
  p(
    'camping-tent',
    'Two-Person Backpacking Tent',
    'Summitline',
    ['outdoor', 'camping'],
    'A freestanding tent that weighs under two kilograms and pitches in five minutes.',
  ),
  p(
    'insulated-water-bottle',
    'Insulated Steel Water Bottle',
    'Summitline',
    ['outdoor', 'travel'],
    'Keeps drinks cold for a day and hot for twelve hours; leak-proof lid.',
  ),
];

export interface RelevanceQuery {
  q: string;
  /** The product that should come first. */
  expect: string;
  kind: 'exact' | 'plural' | 'inflection' | 'typo' | 'multi-word';
}

const r = (q: string, expect: string, kind: RelevanceQuery['kind']): RelevanceQuery => ({ q, expect, kind });

export const RELEVANCE_QUERIES: RelevanceQuery[] = [
  r('sofa', 'harbor-three-seat-sofa', 'exact'),
  r('loveseat', 'milo-velvet-loveseat', 'exact'),
  r('nightstand', 'walnut-nightstand', 'exact'),
  r('skillet', 'cast-iron-skillet', 'exact'),
  r('hammock', 'hammock-with-stand', 'exact'),
  r('sofas', 'harbor-three-seat-sofa', 'plural'),
  r('nightstands', 'walnut-nightstand', 'plural'),
  r('dressers', 'six-drawer-dresser', 'plural'),
  r('mattresses', 'memory-foam-mattress', 'plural'),
  r('armchairs', 'arlo-leather-armchair', 'plural'),
  r('skillets', 'cast-iron-skillet', 'plural'),
  r('knives', 'chef-knife', 'plural'),
  r('sweaters', 'merino-crew-sweater', 'plural'),
  r('cardigans', 'cable-knit-cardigan', 'plural'),
  r('benches', 'teak-garden-bench', 'plural'),
  r('tents', 'camping-tent', 'plural'),
  r('planters', 'ceramic-planter', 'plural'),
  r('mirrors', 'full-length-mirror', 'plural'),
  r('loveseats', 'milo-velvet-loveseat', 'plural'),
  r('headboards', 'upholstered-headboard', 'plural'),
  r('running shoe', 'trail-running-shoes', 'inflection'),
  r('run shorts', 'running-shorts', 'inflection'),
  r('hiking sock', 'wool-hiking-socks', 'inflection'),
  r('hike socks', 'wool-hiking-socks', 'inflection'),
  r('extendable dining table', 'farmhouse-dining-table', 'inflection'),
  r('seasoned skillet', 'cast-iron-skillet', 'inflection'),
  r('knitted throw', 'chunky-knit-throw', 'inflection'),
  r('braided runners', 'jute-runner-rug', 'inflection'),
  r('stacking chairs', 'windsor-dining-chair', 'inflection'),
  r('nightstnd', 'walnut-nightstand', 'typo'),
  r('mattres', 'memory-foam-mattress', 'typo'),
  r('cardigen', 'cable-knit-cardigan', 'typo'),
  r('skilet', 'cast-iron-skillet', 'typo'),
  r('hamock', 'hammock-with-stand', 'typo'),
  r('dreser', 'six-drawer-dresser', 'typo'),
  r('loveseet', 'milo-velvet-loveseat', 'typo'),
  r('armchiar', 'arlo-leather-armchair', 'typo'),
  r('sweatr', 'merino-crew-sweater', 'typo'),
  r('headbord', 'upholstered-headboard', 'typo'),
  r('pendent light', 'globe-pendant-light', 'typo'),
  r('walnut nightstnd', 'walnut-nightstand', 'typo'),
  r('leather armchair', 'arlo-leather-armchair', 'multi-word'),
  r('oak coffee table', 'oak-coffee-table', 'multi-word'),
  r('standing desk', 'standing-desk', 'multi-word'),
  r('chef knife', 'chef-knife', 'multi-word'),
  r('dutch oven', 'enameled-dutch-oven', 'multi-word'),
  r('coffee grinder', 'burr-coffee-grinder', 'multi-word'),
  r('puffer jacket', 'down-puffer-jacket', 'multi-word'),
  r('chelsea boots', 'leather-chelsea-boots', 'multi-word'),
  r('linen dress', 'linen-summer-dress', 'multi-word'),
  r('wool rug', 'wool-area-rug', 'multi-word'),
  r('memory foam mattress', 'memory-foam-mattress', 'multi-word'),
  r('garden bench teak', 'teak-garden-bench', 'multi-word'),
  r('coffee table', 'oak-coffee-table', 'multi-word'),
  r('towels', 'waffle-bath-towels', 'plural'),
  r('frying pan', 'cast-iron-skillet', 'multi-word'),
  r('bedside tables', 'walnut-nightstand', 'plural'),
  r('chopping boards', 'bamboo-cutting-board', 'plural'),
  r('cushions', 'linen-throw-pillow', 'plural'),
  r('tv stand', 'walnut-media-console', 'multi-word'),
  r('runing shoes', 'trail-running-shoes', 'typo'),
  r('desk lamps', 'brass-desk-lamp', 'plural'),
  r('comforters', 'goose-down-duvet', 'plural'),
];

/** Creates the catalog through the catalog's own admin service (active, one variant each), then indexes it. */
export async function seedRelevanceCatalog(t: TestApp): Promise<void> {
  for (const [i, product] of RELEVANCE_CATALOG.entries())
    await t.container.catalogAdmin.createProduct(
      ProductInput.parse({
        ...product,
        status: 'active',
        variants: [{ sku: `REL-${String(i + 1).padStart(3, '0')}`, price: { amount: 2500 + i * 700, currency: 'USD' } }],
      }),
      null,
    );
  await t.container.search.reindexAll();
}

export interface RelevanceReport {
  top1: number;
  top5: number;
  misses: { q: string; expect: string; kind: string; got: string[] }[];
}

/** Asks the search API every query and scores where the expected product came. */
export async function measureRelevance(t: TestApp, label: string): Promise<RelevanceReport> {
  let top1 = 0;
  let top5 = 0;
  const misses: RelevanceReport['misses'] = [];
  for (const query of RELEVANCE_QUERIES) {
    const res = await t
      .agent()
      .get(`/api/v1/search?q=${encodeURIComponent(query.q)}&limit=5`)
      .expect(200);
    const got = (res.body.items as { slug: string }[]).map((i) => i.slug);
    const rank = got.indexOf(query.expect);
    if (rank === 0) top1++;
    if (rank >= 0) top5++;
    if (rank !== 0) misses.push({ ...query, got });
  }
  const report = { top1: top1 / RELEVANCE_QUERIES.length, top5: top5 / RELEVANCE_QUERIES.length, misses };
  process.stdout.write(
    `\n${label}: ${RELEVANCE_QUERIES.length} queries over ${RELEVANCE_CATALOG.length} products, top-1 ${report.top1.toFixed(3)}, top-5 ${report.top5.toFixed(3)}\n` +
      misses.map((m) => `  not first: "${m.q}" (${m.kind}) expected ${m.expect}, got [${m.got.join(', ')}]\n`).join(''),
  );
  return report;
}
