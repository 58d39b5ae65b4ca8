/**
 * The benchmark's vocabulary: 2,252 English words (animals, plants, places, objects, food,
 * colours, materials, art styles and media, photography, adjectives, verbs, feelings, people,
 * machine-learning terms, weather, music, sport, architecture, vehicles, clothing, fantasy,
 * science, office and writing), from which model names, descriptions, tags and search queries are
 * drawn. `HEAD` are the marketplace's own words, the most frequent in names and queries.
 */
export const HEAD: readonly string[] = `
portrait anime caption style photo pixel art image model realistic fantasy landscape logo sketch
watercolor cartoon cinematic neon retro vintage comic cyberpunk robot cat dog dragon city forest
ocean space night flower car food icon poster manga upscaler captioner lora diffusion painting
illustration character scene texture background
`
  .split(/\s+/)
  .filter(Boolean);

const TEXT = `
aardvark albatross alligator alpaca anaconda angelfish ant anteater antelope armadillo baboon badger barracuda
bat bear beaver bee beetle bison blackbird boar bobcat buffalo bulldog bumblebee butterfly buzzard camel
canary capybara cardinal caribou carp cat caterpillar catfish centipede chameleon cheetah chicken chimpanzee
chinchilla chipmunk cobra cockatoo cod condor corgi cougar cow coyote crab crane crayfish cricket crocodile
crow cuckoo dachshund deer dingo dolphin donkey dove dragonfly duck eagle eel egret elephant elk emu falcon
ferret finch firefly flamingo flounder fox frog gazelle gecko gerbil gibbon giraffe goat goldfish goose
gorilla grasshopper greyhound grouse gull hamster hare hawk hedgehog heron hippo hornet horse hummingbird
husky hyena ibis iguana impala jackal jaguar jellyfish kangaroo kingfisher kitten koala kookaburra ladybug
lamb lemur leopard lion lizard llama lobster lynx macaw magpie mammoth manatee mantis marmot meerkat mink mole
mongoose monkey moose mosquito moth mouse mule narwhal newt nightingale octopus ocelot opossum orangutan orca
ostrich otter owl ox oyster panda panther parrot peacock pelican penguin pheasant pig pigeon piranha platypus
pony poodle porcupine possum puffin puma puppy python quail rabbit raccoon ram rat raven reindeer rhino robin
rooster salamander salmon sardine scorpion seal seahorse shark sheep shrimp skunk sloth slug snail snake
sparrow spider squid squirrel starfish stingray stork swallow swan tapir tarantula termite tiger toad tortoise
toucan trout tuna turkey turtle vulture wallaby walrus wasp weasel whale wolf wolverine wombat woodpecker worm
yak zebra acorn algae aloe bamboo baobab basil begonia birch blossom bluebell bonsai bracken bramble branch
bud buttercup cactus camellia carnation cedar chamomile cherry chrysanthemum clover conifer coral cornflower
cypress daffodil dahlia daisy dandelion elm eucalyptus fern fig foxglove gardenia geranium ginkgo grass
hawthorn hazel heather hemlock hibiscus holly honeysuckle hyacinth ivy jasmine juniper kelp larch laurel
lavender leaf lichen lilac lily lotus magnolia mangrove maple marigold meadow mint mistletoe moss mushroom
myrtle nettle oak oleander olive orchid palm pansy peony petal pine poppy redwood reed rose rosemary sage
sapling seaweed sequoia shrub snowdrop spruce stem sunflower sycamore thistle thorn thyme tulip vine violet
willow wisteria yew abyss archipelago atoll avalanche bay beach bog boulder brook canyon cape cave cavern
cliff coast cove crater creek delta desert dune estuary fjord forest geyser glacier gorge grotto gulf harbor
highland hill island jungle lagoon lake landscape lava marsh mesa mountain oasis ocean orchard peak peninsula
plain plateau pond prairie rainforest ravine reef ridge river savanna seashore shore slope spring steppe
stream summit swamp taiga tide tundra valley volcano waterfall wetland wilderness woodland airport alley
arcade attic avenue balcony bazaar boardwalk boulevard bridge bunker cabin campsite castle cathedral cellar
chapel citadel city cottage courtyard crossroads dock dungeon embassy factory farm ferry fortress garage
garden greenhouse hangar harbour highway hospital hotel kitchen laboratory library lighthouse mall manor
market metro mill monastery museum neighborhood observatory office palace park pavilion pier plaza prison pub
quarry ranch restaurant rooftop ruins school shrine skyscraper stadium station street studio subway suburb
supermarket temple theater tower township train tunnel university village vineyard warehouse workshop anvil
armchair backpack badge bag balloon banner barrel basket bathtub battery beacon bell bench bicycle binoculars
blanket blender book bookshelf boot bottle bowl box bracelet broom brush bucket bulb button cabinet calculator
calendar camera candle canvas carpet cart chain chair chalk chandelier chessboard chest chisel clipboard clock
coin comb compass computer cookbook couch crate crayon crown cup curtain cushion desk diary dice dish doll
door drawer drum easel envelope eraser fan faucet feather fence flag flashlight flute fork fountain frame
funnel globe glove goggles guitar hammer hammock handbag harp hat helmet hourglass jar jug kettle key keyboard
kite knife ladder lamp lantern laptop lock locket magnet mailbox map marble mask matchbox mattress medal
microphone microscope mirror mug napkin necklace needle notebook padlock paintbrush pan paperclip parachute
passport pebble pen pencil pendant perfume piano pillow pipe plate pliers pocketwatch postcard pot pottery
projector puzzle quill radio rake razor ribbon ring rope rug ruler saddle satchel saw scale scarf scissors
screwdriver sculpture shelf shield shovel sign skateboard sled sofa spatula spoon stamp stapler statue stool
suitcase sword table tablet teapot telephone telescope television tent thermometer thimble ticket toaster
toolbox toothbrush torch towel toy trophy trumpet trunk typewriter umbrella vase violin wallet wand watch
wheel whistle window wrench yarn zipper apple apricot avocado bacon bagel banana barbecue bean beef berry
biscuit blueberry bread broccoli brownie burger burrito butter cabbage cake candy caramel carrot cereal cheese
cheesecake chocolate cinnamon coconut coffee cookie corn croissant cucumber cupcake curry donut dumpling egg
espresso falafel fries garlic ginger grape grapefruit honey icecream jam kebab kiwi lasagna lemon lettuce lime
mango melon milk muffin mustard noodle nut oatmeal omelette onion orange pancake papaya pasta pastry peach
peanut pear pepper pickle pie pineapple pizza plum popcorn potato pretzel pudding pumpkin radish raisin
raspberry rice salad salsa sandwich sauce sausage soup spaghetti spinach steak strawberry sushi taco tea toast
tofu tomato tortilla vanilla waffle walnut watermelon yogurt amber aqua azure beige black blue bronze burgundy
charcoal chartreuse cobalt copper cream crimson cyan ebony emerald fuchsia gold gray green indigo ivory jade
khaki magenta maroon mauve navy ochre onyx pastel pearl pink purple red ruby rust saffron sapphire scarlet
sepia silver tan teal topaz turquoise ultramarine umber vermilion white yellow monochrome grayscale neon
iridescent acrylic aluminum brass brick cardboard ceramic chrome clay concrete cotton crystal denim enamel
fabric felt fiberglass flannel foil fur glass granite gravel leather linen metal nylon paper parchment plaster
plastic plywood porcelain quartz resin rubber sand satin silk slate steel stone suede terracotta timber tin
titanium velvet vinyl wax wood wool abstract anime artdeco artnouveau baroque bauhaus brutalist byzantine
cartoon cinematic classical comic cubism cyberpunk dada expressionism fauvism futurism gothic graffiti
impressionism kawaii lowpoly manga minimalism modernism mosaic neoclassical noir popart postmodern psychedelic
realism renaissance retro rococo romanticism steampunk surrealism synthwave vaporwave victorian vintage ukiyoe
isometric voxel pixel chibi doodle sketch storybook whimsical gritty ethereal dreamy moody painterly photoreal
hyperreal stylized airbrush aquatint batik calligraphy collage crosshatch decoupage embroidery engraving
etching fresco gouache illumination inking lithograph linocut macrame marquetry oilpaint origami papercut
pointillism printmaking quilting screenprint sculpting sgraffito shading stencil stippling tapestry tempera
watercolor weaving woodcut lettering typography illustration animation rendering compositing retouching vector
silhouette lineart inkwash aperture bokeh exposure flash focus lens macro panorama polaroid portrait selfie
shutter snapshot telephoto tripod viewfinder zoom darkroom negative film daguerreotype cyanotype tintype
infrared longexposure timelapse closeup wideangle fisheye aerial drone headshot candid backlight vignette
grain contrast saturation highlight shadow lighting able absent adorable adventurous ancient angry anxious
awkward bald beautiful bitter bizarre bland blazing bleak blissful bold bouncy brave breezy bright brilliant
brisk broad broken bumpy bustling busy calm careful casual cheerful chilly chubby clean clever cloudy clumsy
coarse colorful colossal comfortable complex cosmic cozy crazy creepy crisp crooked crowded cruel cuddly
curious curly cute damp dangerous daring dark dazzling deep delicate delightful dense dirty dizzy drowsy dry
dusty eager early eerie elegant enchanted endless energetic enormous epic exotic faded faint fancy fearless
feeble festive fierce filthy fine flat fluffy foggy fragile fragrant frantic fresh friendly frozen funny fuzzy
gentle giant gigantic gleaming glossy glowing gloomy glorious graceful grand greasy grumpy hairy handsome
happy harsh hazy heavy hidden hollow homely hot huge humble humid hungry icy ideal idle immense innocent
intense jagged jolly joyful juicy keen kind large lazy legendary light lively lonely loud lovely lucky
luminous lush magic magnificent majestic massive mellow messy mighty misty modern modest moist muddy murky
mysterious narrow nasty natural naughty nervous noble noisy odd ordinary ornate peaceful perfect playful
pleasant plump polished poor precious pretty prickly proud puny quaint quick quiet radiant ragged rapid rare
raw regal remote rich rigid ripe rough round royal rugged rustic sacred salty savage scary serene shabby
shaggy shallow sharp shiny short shy silent silky silly simple sleek sleepy slender slimy slippery slow small
smoky smooth soft solemn solid sour sparkling spicy spiky splendid spotless spotted sticky stormy strange
striped strong sturdy subtle sunny super sweet swift tall tame tangy tasty tender tense thick thin thirsty
thorny tidy tiny tired tough tranquil tropical ugly unusual vast velvety vibrant vivid wacky warm wavy weak
weary weird wet wicked wide wild windy wise witty wobbly wooden worried young zany zesty accept achieve adapt
adjust admire advise align analyze animate annotate approve arrange assemble assist attach balance bake blend
bloom blur boost borrow breathe build calculate calibrate capture carve catch celebrate chase classify climb
cluster collect color combine compare compose compress convert cook count crawl create crop cultivate dance
decode decorate define delete deliver describe design detect develop dig discover dive draft draw dream drift
edit emboss encode enhance enlarge erase estimate evaluate evolve explore extract fetch filter fish fly fold
forecast forge generate glide glow grow guess guide harvest hike hunt identify ignite imagine import infer
inspect install invent jog juggle jump kneel knit label laugh launch learn lift listen load locate measure
melt merge mix model morph navigate negotiate observe optimize orbit organize outline paint parse pause
perform photograph plant play polish ponder pour predict prepare present print process program project publish
pull push query race rank read recognize record recycle refine reflect relax remix render repair rescue resize
restore retrieve reveal ride roam rotate row run sail scan score scramble scroll sculpt search segment select
sew shape share shine shuffle sing skate ski sleep slice slide smile sort sparkle speak spin splash sprint
stack stitch stretch study summarize surf swim swing synthesize tag teach test track transcribe transform
translate travel trim tune type unfold upload upscale validate vanish visualize walk wander wash weave whisper
wink wonder wrap write yawn ambition anger anxiety awe beauty belief bliss boredom calmness chaos charm
clarity comfort compassion confidence courage curiosity delight desire despair destiny devotion dignity doubt
ecstasy elegance empathy energy envy euphoria faith fantasy fear fortune freedom friendship fury glory grace
gratitude grief guilt happiness harmony hate honesty honor hope humility humor imagination innocence insight
inspiration joy justice kindness legacy leisure liberty longing love loyalty luck madness melancholy memory
mercy mischief mood mystery nostalgia optimism pain panic passion patience peace pity pleasure pride purpose
rage regret relief remorse respect rest revenge romance sadness serenity shame silence solitude sorrow spirit
strength surprise sympathy tenderness terror thrill tranquility trust truth valor vanity virtue wisdom worry
zeal accountant actor architect artist astronaut athlete author baker barber bartender biologist blacksmith
butcher captain carpenter cashier chef chemist clerk coach cowboy dancer dentist designer detective diver
doctor driver economist editor electrician engineer explorer farmer firefighter fisherman florist gardener
geologist guard hunter inventor janitor jeweler journalist judge knight lawyer lifeguard magician mechanic
merchant miner monk musician nanny navigator nurse painter pharmacist philosopher photographer physicist pilot
pirate plumber poet police potter priest professor programmer queen king princess prince ranger reporter
sailor samurai scientist sculptor secretary sheriff shepherd singer soldier spy student surgeon tailor teacher
therapist tourist trader translator tutor veterinarian viking waiter warrior weaver witch wizard writer ninja
cowgirl gladiator mermaid nomad algorithm analytics annotation api autoencoder backbone backprop batch
benchmark bias bigram binary bitmap bounding caption captioner chatbot checkpoint classifier codec compiler
corpus dataset decoder denoise denoiser depth detector diffusion distillation embedding encoder ensemble epoch
feature finetune gradient graph heatmap hyperparameter inference inpainting kernel keypoint latent layer lora
loss matrix metric mixer multimodal neural normalization ocr optimizer outpainting parser perceptron pipeline
pose prompt pruning quantization recognizer regression reranker residual retrieval sampler scheduler
segmentation sentiment sequence similarity summarizer superresolution tensor tokenizer transformer upscaler
vision vocoder weights autumn blizzard breeze dawn daybreak daylight drizzle drought dusk eclipse equinox
evening fog frost gale hail haze heatwave hurricane lightning midnight monsoon moonlight morning noon rain
rainbow sleet snow snowfall snowflake solstice storm summer sunlight sunrise sunset thunder tornado twilight
typhoon weather winter accordion ballad banjo bass blues cello chorus clarinet concert disco folk harmonica
hiphop jazz lullaby lyric melody opera orchestra percussion punk reggae rhythm saxophone soundtrack symphony
tempo trombone ukulele waltz xylophone archery badminton baseball basketball bowling boxing canoeing chess
climbing cycling darts fencing fishing football golf gymnastics hiking hockey judo karate kayaking marathon
polo rowing rugby sailing skating skiing snowboarding soccer surfing swimming tennis volleyball wrestling yoga
arch atrium belfry buttress column cornice cupola dome facade gable gazebo minaret pagoda pillar portico
rotunda spire staircase terrace turret veranda ziggurat airplane ambulance bus canoe car caravan carriage
chariot helicopter jeep kayak limousine locomotive motorcycle raft rocket sailboat scooter ship spaceship
submarine taxi tractor tram trolley truck van wagon yacht zeppelin blimp hovercraft apron beret blazer blouse
bonnet bowtie cardigan cloak coat corset dress gown hoodie jacket jeans kilt kimono mitten overalls pajamas
poncho robe sandal sari shawl shirt shorts skirt slipper sneaker sock suit sweater tiara toga tuxedo tunic
turban uniform vest beard braid cheek chin dimple eyebrow eyelash face freckle hair hand jaw lip mustache nose
ponytail profile tattoo wrinkle alien android asteroid cyborg dragon dwarf elf fairy galaxy ghost goblin golem
griffin hobbit hologram kraken laser mecha meteor minotaur monster nebula oracle orc pegasus phoenix planet
portal potion quasar robot rune satellite spaceport specter sphinx starship supernova troll unicorn vampire
werewolf wraith zombie atom bacteria cell chemistry comet dna ecology electron element enzyme fossil fusion
genome geology gravity helium hydrogen ion isotope magnetism mineral molecule neuron nucleus oxygen particle
photon physics plasma protein proton radiation spectrum telomere velocity virus agenda budget chart contract
deadline email invoice ledger logo meeting memo newsletter pitch poster presentation receipt report resume
spreadsheet brochure flyer infographic letterhead mockup wireframe prototype dashboard storyboard thumbnail
avatar emoji icon sticker wallpaper meme alphabet chapter dialogue essay fable glossary haiku headline legend
limerick manuscript narrative novel paragraph poem prose quote riddle saga script sentence sonnet story
syllable verse vocabulary
`;

/** Every word once, `HEAD` first. */
export const VOCABULARY: readonly string[] = [...new Set([...HEAD, ...TEXT.split(/\s+/).filter(Boolean)])];
