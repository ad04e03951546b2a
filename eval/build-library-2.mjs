#!/usr/bin/env node
// Builds Hark's SECOND dev library, named the way commercial libraries are named, from Debian packages other than
// the first library's (and never the reserved 0ad-data, openclonk-data, openttd-opensfx), into OUT (default
// /tmp/hark-dev-library-2):
//   OUT/named/...               the files renamed and re-foldered by the RULES below (what each sound is comes from
//                               its package and original name; the new name is written in one of the styles of
//                               commercial libraries: CamelCase, run-together words, UCS, ACRONYM+CamelCase,
//                               plural and singular, numbered takes, deep folders, opaque ids in meaningful folders)
//   OUT/stripped/<id>.<ext>     the same audio re-encoded by sox with random ids and no tags (only audio counts)
//   OUT/stripped-map.json       { id-path: named-path }: carries the judgements of eval/queries-2.tsv over
//   OUT/sources.json            { named-path: original package/path }: what each renamed file was
// Needs: apt-get install -y sox unzip lincity-ng-data freedroidrpg-data hedgewars-data tuxpaint-data
//        sound-theme-freedesktop minetest-data supertux-data extremetuxracer-data warzone2100-data widelands-data
//
// Usage: node eval/build-library-2.mjs [OUT]

import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshOutput, installed, refuseReserved, unzipped, walk, writeStripped } from './library-build.mjs';

const OUT = path.resolve(process.argv[2] ?? '/tmp/hark-dev-library-2');
const AUDIO = /\.(wav|ogg|oga|flac|mp3)$/i;

/** Each source: a Debian package, a folder in it (or a zip and a folder inside), and the key prefix of its files. */
const SOURCES = [
  { pkg: 'minetest-data', from: '/usr/share/games/minetest/games/minetest_game/mods', key: 'mt' },
  { pkg: 'lincity-ng-data', from: '/usr/share/games/lincity-ng/sounds', key: 'lc' },
  { pkg: 'warzone2100-data', zip: '/usr/share/games/warzone2100/base.wz', inner: 'audio/sfx', key: 'wz' },
  { pkg: 'hedgewars-data', from: '/usr/share/games/hedgewars/Data/Sounds', key: 'hw' },
  { pkg: 'freedroidrpg-data', from: '/usr/share/freedroidrpg/data/sound/effects', key: 'fd' },
  { pkg: 'supertux-data', from: '/usr/share/games/supertux2/sounds', key: 'st' },
  { pkg: 'tuxpaint-data', from: '/usr/share/tuxpaint/sounds', key: 'tp' },
  { pkg: 'sound-theme-freedesktop', from: '/usr/share/sounds/freedesktop/stereo', key: 'fdo' },
  { pkg: 'extremetuxracer-data', from: '/usr/share/games/etr/sounds', key: 'etr' },
  { pkg: 'widelands-data', from: '/usr/share/games/widelands/data', key: 'wl' },
];

// Hedgewars voice packs whose vocal reactions (pain, efforts, laughs, coughs) are kept; spoken lines are not.
const VOICES = 'British|Classic|Default|HillBilly|Mobster|Pirate|Robot|Singer|Surfer';

/**
 * [source pattern, destination template]. The first rule matching a file's key (`<source key>/<path in source>`)
 * names it; files no rule matches are left out (music, speech, synthetic game cues). In a template "$1" is the
 * pattern's first group; "#" is the take number within its destination folder and template (1, 2, ...), "##" the
 * same zero-padded to two digits; "%%%%" a four-digit opaque id drawn from a generator seeded by the file's key.
 * Creator id of the UCS names: HRK.
 */
const RULES = [
  // Minetest game (minetest-data)
  [/^mt\/carts\/sounds\/carts_cart_moving/, 'Vehicles/Rail/MineCart_Rolling_##'],
  [/^mt\/default\/sounds\/default_break_glass/, 'UCS Library/GLASS/GLASBrk_Pane Shatter_HRK_##'],
  [/^mt\/default\/sounds\/default_chest_close/, 'Library/Foley/Furniture/chest-lid-close'],
  [/^mt\/default\/sounds\/default_chest_open/, 'Library/Foley/Furniture/chest-lid-open'],
  [/^mt\/default\/sounds\/default_cool_lava/, 'Elements/Lava/lavaquench#'],
  [/^mt\/default\/sounds\/default_dig_choppy/, 'Library/Foley/Tools/AxeChop_##'],
  [/^mt\/default\/sounds\/default_dig_cracky/, 'Library/Foley/Tools/PickaxeOnStone_##'],
  [/^mt\/default\/sounds\/default_dig_crumbly/, 'Library/Foley/Tools/shoveldirt'],
  [/^mt\/default\/sounds\/default_dig_metal/, 'UCS Library/METAL/METLImpt_Pick Strike_HRK_01'],
  [/^mt\/default\/sounds\/default_dig_snappy/, 'Library/Foley/Plants/twigsnap'],
  [/^mt\/default\/sounds\/default_dig_(oddly|dig)/, 'Library/Foley/Impacts/Blocks/sfx_%%%%'],
  [/^mt\/default\/sounds\/default_dirt_footstep/, 'Library/Foley/Footsteps/Dirt/Footsteps_Dirt_##'],
  [/^mt\/default\/sounds\/default_dug_metal/, 'UCS Library/METAL/METLImpt_Clank Short_HRK_##'],
  [/^mt\/default\/sounds\/default_(dug_node|place_node)/, 'Library/Foley/Impacts/Blocks/sfx_%%%%'],
  [/^mt\/default\/sounds\/default_furnace_active/, 'Industry/Furnace/FurnaceRoar Loop'],
  [/^mt\/default\/sounds\/default_glass_footstep/, 'Library/Foley/Footsteps/Glass/step on glass'],
  [/^mt\/default\/sounds\/default_grass_footstep/, 'Library/Foley/Footsteps/Grass/GrassStep #'],
  [/^mt\/default\/sounds\/default_gravel_dig/, 'Library/Foley/Tools/GravelShovel_##'],
  [/^mt\/default\/sounds\/default_gravel_dug/, 'Library/Foley/Tools/gravel-scoop-take#'],
  [/^mt\/default\/sounds\/default_gravel_footstep/, 'Library/Foley/Footsteps/Gravel/Footsteps_Gravel_##'],
  [/^mt\/default\/sounds\/default_hard_footstep/, 'Library/Foley/Footsteps/Stone/FEETHmn_Stone Walk_HRK_##'],
  [/^mt\/default\/sounds\/default_ice_dig/, 'Elements/Ice/IceChip_##'],
  [/^mt\/default\/sounds\/default_ice_dug/, 'Elements/Ice/icebreak'],
  [/^mt\/default\/sounds\/default_ice_footstep/, 'Library/Foley/Footsteps/Ice/footstep_ice-take#'],
  [/^mt\/default\/sounds\/default_item_smoke/, 'Elements/Fire/puff of smoke'],
  [/^mt\/default\/sounds\/default_metal_footstep/, 'Library/Foley/Footsteps/Metal/MetalSteps ##'],
  [/^mt\/default\/sounds\/default_sand_footstep/, 'Library/Foley/Footsteps/Sand/sandstep#'],
  [/^mt\/default\/sounds\/default_snow_footstep/, 'Library/Foley/Footsteps/Snow/footstep-snow-take#'],
  [/^mt\/default\/sounds\/default_tool_breaks/, 'Library/Foley/Tools/ToolSnap_##'],
  [/^mt\/default\/sounds\/default_water_footstep/, 'Library/Foley/Footsteps/Water/WadeStep_##'],
  [/^mt\/default\/sounds\/default_wood_footstep/, 'Library/Foley/Footsteps/Wood/FOLYFeet_WoodFloor_##'],
  [/^mt\/default\/sounds\/player_damage/, 'Vocals/Male/hurt grunt'],
  [/^mt\/doors\/sounds\/doors_door_close/, 'UCS Library/DOORS/DOORWood_Close_HRK_01'],
  [/^mt\/doors\/sounds\/doors_door_open/, 'UCS Library/DOORS/DOORWood_Open_HRK_01'],
  [/^mt\/doors\/sounds\/doors_fencegate_close/, 'UCS Library/DOORS/DOORGate_Fence Close_HRK_01'],
  [/^mt\/doors\/sounds\/doors_fencegate_open/, 'UCS Library/DOORS/DOORGate_Fence Open_HRK_01'],
  [/^mt\/doors\/sounds\/doors_glass_door_close/, 'UCS Library/DOORS/DOORGlas_Close_HRK_01'],
  [/^mt\/doors\/sounds\/doors_glass_door_open/, 'UCS Library/DOORS/DOORGlas_Open_HRK_01'],
  [/^mt\/doors\/sounds\/doors_steel_door_close/, 'UCS Library/DOORS/DOORMetl_Close_HRK_01'],
  [/^mt\/doors\/sounds\/doors_steel_door_open/, 'UCS Library/DOORS/DOORMetl_Open_HRK_01'],
  [/^mt\/xpanes\/sounds\/xpanes_steel_bar_door_close/, 'UCS Library/DOORS/DOORPrisn_Bars Close_HRK_01'],
  [/^mt\/xpanes\/sounds\/xpanes_steel_bar_door_open/, 'UCS Library/DOORS/DOORPrisn_Bars Open_HRK_01'],
  [/^mt\/env_sounds\/sounds\/env_sounds_lava/, 'Elements/Lava/LavaBubbling_##'],
  [/^mt\/env_sounds\/sounds\/env_sounds_water/, 'Ambience/Water/streamflow#'],
  [/^mt\/fire\/sounds\/fire_extinguish_flame/, 'UCS Library/FIRE/FIRESizz_Douse_HRK_##'],
  [/^mt\/fire\/sounds\/fire_fire\./, 'Elements/Fire/FireCrackle_##'],
  [/^mt\/fire\/sounds\/fire_flint_and_steel/, 'Elements/Fire/flintsteel'],
  [/^mt\/fire\/sounds\/fire_large/, 'Elements/Fire/Fire Large Loop'],
  [/^mt\/fire\/sounds\/fire_small/, 'Elements/Fire/fire small loop'],
  [/^mt\/tnt\/sounds\/tnt_explode/, 'UCS Library/EXPLOSIONS/EXPLReal_TNT Blast_HRK_01'],
  [/^mt\/tnt\/sounds\/tnt_gunpowder_burning/, 'Weapons/Explosives/FuseBurning'],
  [/^mt\/tnt\/sounds\/tnt_ignite/, 'Weapons/Explosives/fuselight'],

  // LinCity-NG (lincity-ng-data): city-builder ambiences of each kind of zone
  [/^lc\/Blacksmith/, 'Industry/Workshops/BlacksmithForge_##'],
  [/^lc\/Build\d/, 'Industry/Construction/constructionsite#'],
  [/^lc\/Click/, 'UCS Library/UI/UIClick_Soft_HRK_01'],
  [/^lc\/CoalMine/, 'Industry/Mining/CoalMine_Ambience_##'],
  [/^lc\/Commune/, 'Ambience/Rural/CommuneAmb_##'],
  [/^lc\/DirtTrack/, 'Ambience/Traffic/dirttrack#'],
  [/^lc\/Farm/, 'Ambience/Rural/AMBFarm_Barnyard_HRK_##'],
  [/^lc\/Fire\d/, 'Elements/Fire/BuildingFire #'],
  [/^lc\/FireStation/, 'Ambience/city/FireStation_##'],
  [/^lc\/FireWasteland/, 'Elements/Fire/wastelandfire'],
  [/^lc\/Green/, 'Ambience/Nature/OpenGreen_##'],
  [/^lc\/Harbor/, 'Ambience/Harbour/Harbor_Docks_##'],
  [/^lc\/Health/, 'Ambience/city/HospitalAmb #'],
  [/^lc\/IndustryHigh/, 'Industry/Factory/HeavyIndustry_##'],
  [/^lc\/IndustryLight/, 'Industry/Factory/lightindustry#'],
  [/^lc\/Market(\w+)\d/, 'Ambience/city/Market/MarketCrowd_$1'],
  [/^lc\/Mill/, 'Industry/Mill/MillWorks_##'],
  [/^lc\/MonumentConstruction/, 'Industry/Construction/Monument Construction #'],
  [/^lc\/Monument\d/, 'Ambience/city/Monument_##'],
  [/^lc\/OreMine/, 'Industry/Mining/oremine#'],
  [/^lc\/OrganicFarm/, 'Ambience/Rural/Organic Farm ##'],
  [/^lc\/ParklandLake/, 'Ambience/Nature/AMBPark_Lake_HRK_##'],
  [/^lc\/ParklandPlane/, 'Ambience/Nature/AMBPark_Plain_HRK_##'],
  [/^lc\/Pottery/, 'Industry/Workshops/Pottery_##'],
  [/^lc\/PowerCoal(\w+)/, 'Industry/Power/CoalPowerPlant_$1'],
  [/^lc\/PowerLine/, 'Industry/Power/powerline hum'],
  [/^lc\/PowerSolar/, 'Industry/Power/SolarPower_##'],
  [/^lc\/RailTrain/, 'Vehicles/Rail/TRNMisc_Train Pass_HRK_##'],
  [/^lc\/Raze/, 'UCS Library/DESTRUCTION/DESTRClpse_Demolition_HRK_##'],
  [/^lc\/Recycle/, 'Industry/Recycling/RecyclingPlant_##'],
  [/^lc\/ResidentialLowLow/, 'Ambience/city/Residential/res-lowlow-#'],
  [/^lc\/Residential(High|Low|Med)/, 'Ambience/city/Residential/res-$1-#'],
  [/^lc\/RocketExplosion/, 'UCS Library/EXPLOSIONS/EXPLReal_Rocket Explode_HRK_01'],
  [/^lc\/RocketTakeoff/, 'Vehicles/Space/rockettakeoff'],
  [/^lc\/Rocket\d/, 'Vehicles/Space/RocketEngine_##'],
  [/^lc\/School/, 'Ambience/city/SchoolYard_##'],
  [/^lc\/Shanty/, 'Ambience/city/Shantytown #'],
  [/^lc\/SportsCroud/, 'UCS Library/CROWDS/CRWDSprt_Stadium_HRK_##'],
  [/^lc\/Substation(On|Off)/, 'Industry/Power/substation-$1'],
  [/^lc\/Substation\d/, 'Industry/Power/Substation_Hum_##'],
  [/^lc\/Tip/, 'Industry/Waste/Landfill_##'],
  [/^lc\/TraficHigh/, 'Ambience/Traffic/AMBTraf_Heavy_HRK_##'],
  [/^lc\/TraficLow/, 'Ambience/Traffic/AMBTraf_Light_HRK_##'],
  [/^lc\/University/, 'Ambience/city/CampusAmb_##'],
  [/^lc\/Water\d/, 'Ambience/Water/RiverWater_##'],
  [/^lc\/WindMillHTech/, 'Industry/Power/WindTurbine_##'],
  [/^lc\/WindMill\d/, 'Industry/Power/WindMill_Turning_##'],
  [/^lc\/Window(Open|Close)/, 'Interface/Windows/window-$1'],

  // Warzone 2100 (warzone2100-data)
  [/^wz\/building\/oilpump/, 'Industry/Oil/OilDerrickPump'],
  [/^wz\/building\/freroar/, 'Elements/Fire/fireroar'],
  [/^wz\/building\/powerspk/, 'UCS Library/ELECTRIC/ELECSprk_Generator_HRK_01'],
  [/^wz\/building\/steam/, 'Industry/Steam/SteamVent'],
  [/^wz\/building\/powerhum/, 'Industry/Power/PowerGenHum'],
  [/^wz\/building\/ecmtower/, 'SciFi/Machines/ECMTower_Loop'],
  [/^wz\/weapons\/rocket/, 'Weapons/Rockets/RocketLaunch_01'],
  [/^wz\/weapons\/mgbar/, 'Weapons/Guns/MachineGun/MGBurst_##'],
  [/^wz\/weapons\/mgtower/, 'Weapons/Guns/MachineGun/mgtower'],
  [/^wz\/weapons\/mgheavy/, 'Weapons/Guns/MachineGun/HeavyMG'],
  [/^wz\/weapons\/asltmg/, 'Weapons/Guns/AssaultRifle_Burst'],
  [/^wz\/weapons\/lrgcan/, 'Weapons/Cannons/CannonLarge'],
  [/^wz\/weapons\/medcan/, 'Weapons/Cannons/CannonMedium'],
  [/^wz\/weapons\/smlcan/, 'Weapons/Cannons/CannonSmall'],
  [/^wz\/weapons\/hivelcan/, 'Weapons/Cannons/Cannon HiVel'],
  [/^wz\/weapons\/rapdcan/, 'Weapons/Cannons/Cannon Rapid'],
  [/^wz\/weapons\/bemlsr/, 'UCS Library/LASERS/LASRGun_Beam_HRK_01'],
  [/^wz\/weapons\/rotlsr/, 'UCS Library/LASERS/LASRGun_Rotary_HRK_01'],
  [/^wz\/weapons\/plslsr/, 'UCS Library/LASERS/LASRGun_Pulse_HRK_01'],
  [/^wz\/weapons\/weld/, 'Industry/Workshops/WeldingTorch_##'],
  [/^wz\/weapons\/gaussgun/, 'SciFi/Weapons/GaussRifle'],
  [/^wz\/weapons\/flmthrow/, 'Weapons/Flame/Flamethrower_01'],
  [/^wz\/weapons\/(build|bld)/, 'SciFi/Machines/sfx_%%%%'],
  [/^wz\/weapons\/nxstower/, 'SciFi/Weapons/sfx_%%%%'],
  [/^wz\/weapons\/splash/, 'UCS Library/WATER/WATRSplsh_Shell Impact_HRK_01'],
  [/^wz\/weapons\/hwtzflgt/, 'Weapons/Artillery/howitzerflight'],
  [/^wz\/weapons\/mortar/, 'Weapons/Artillery/MortarFire'],
  [/^wz\/vehicle\/tflight/, 'Vehicles/Aircraft/Transport_Flight'],
  [/^wz\/vehicle\/tstart/, 'Vehicles/Aircraft/Transport_Start'],
  [/^wz\/vehicle\/tland/, 'Vehicles/Aircraft/Transport_Land'],
  [/^wz\/vehicle\/hovstart/, 'Vehicles/Hover/HoverCraft_Start'],
  [/^wz\/vehicle\/hovmove/, 'Vehicles/Hover/HoverCraft_Move'],
  [/^wz\/vehicle\/hovstop/, 'Vehicles/Hover/HoverCraft_Stop'],
  [/^wz\/vehicle\/thover/, 'Vehicles/Hover/hover-idle'],
  [/^wz\/vehicle\/con-move-off/, 'Vehicles/Construction/ConstructionTruck_MoveOff'],
  [/^wz\/vehicle\/con-move/, 'Vehicles/Construction/ConstructionTruck_Move'],
  [/^wz\/vehicle\/con-shut-down/, 'Vehicles/Construction/ConstructionTruck_ShutDown'],
  [/^wz\/vehicle\/cyber-move/, 'SciFi/Robots/cyborgwalk'],
  [/^wz\/vehicle\/vtol-move/, 'Vehicles/Aircraft/VTOL_Fly'],
  [/^wz\/vehicle\/vtolland/, 'Vehicles/Aircraft/VTOL_Land'],
  [/^wz\/vehicle\/vtoloff/, 'Vehicles/Aircraft/VTOL_TakeOff'],
  [/^wz\/vehicle\/tread/, 'Vehicles/Tanks/TankTreads Loop'],
  [/^wz\/misc\/scream/, 'Vocals/Screams/scream#'],
  [/^wz\/misc\/help/, 'Vocals/Male/help shout'],
  [/^wz\/explons\/richet/, 'UCS Library/BULLETS/BLLTRico_Ricochet_HRK_##'],
  [/^wz\/explons\/mpodexpl/, 'Weapons/Explosions/minipod-expl'],
  [/^wz\/explons\/lsrexpl/, 'SciFi/Weapons/LaserImpact'],
  [/^wz\/explons\/nxsexpld/, 'SciFi/Weapons/sfx_%%%%'],
  [/^wz\/explons\/smlexpl/, 'Weapons/Explosions/Explosion_Small'],
  [/^wz\/explons\/squish/, 'UCS Library/GORE/GORESqsh_Body_HRK_01'],
  [/^wz\/explons\/bldfall/, 'UCS Library/DESTRUCTION/DESTRClpse_Building Fall_HRK_01'],
  [/^wz\/explons\/lrgexpl/, 'Weapons/Explosions/Explosion_Large'],
  [/^wz\/explons\/atnkexpl/, 'Weapons/Explosions/AntiTank Blast'],
  [/^wz\/interfce\/beep/, 'Interface/Beeps/beep#'],
  [/^wz\/interfce\/gmeshtdn/, 'Interface/Beeps/game-shutdown'],

  // Hedgewars (hedgewars-data): weapon and cartoon effects, and the vocal reactions of some voice packs
  [new RegExp(`^hw/voices/(${VOICES})/Laugh\\.`), 'Vocals/Laughter/laugh_$1'],
  [new RegExp(`^hw/voices/(${VOICES})/Ooff\\d`), 'Vocals/Efforts/$1/ooff #'],
  [new RegExp(`^hw/voices/(${VOICES})/Jump\\d`), 'Vocals/Efforts/$1/JumpGrunt_##'],
  [new RegExp(`^hw/voices/(${VOICES})/Ow\\d`), 'Vocals/Pain/$1/Ow_##'],
  [new RegExp(`^hw/voices/(${VOICES})/Ouch\\.`), 'Vocals/Pain/$1/Ouch'],
  [new RegExp(`^hw/voices/(${VOICES})/PoisonCough`), 'Vocals/Coughs/cough-$1'],
  [new RegExp(`^hw/voices/(${VOICES})/PoisonMoan`), 'Vocals/Moans/Moan_$1'],
  [new RegExp(`^hw/voices/(${VOICES})/Nooo`), 'Vocals/Reactions/$1/Nooo'],
  [new RegExp(`^hw/voices/(${VOICES})/Oops`), 'Vocals/Reactions/$1/Oops'],
  [new RegExp(`^hw/voices/(${VOICES})/Uh-oh`), 'Vocals/Reactions/$1/UhOh'],
  [new RegExp(`^hw/voices/(${VOICES})/Hmm`), 'Vocals/Reactions/$1/hmm'],
  [/^hw\/voices\//, null],
  [/^hw\/([1-9][A-G])\./, 'Music/Notes/note_$1'],
  [/^hw\/BirdyLay/, 'Cartoon/Birds/BirdyLaysEgg'],
  [/^hw\/CollectCrate/, 'Interface/Pickups/crate-collect'],
  [/^hw\/Droplet/, 'UCS Library/WATER/WATRDrip_Single Drop_HRK_##'],
  [/^hw\/Kiss/, 'Vocals/Kiss_Smooch'],
  [/^hw\/TARDIS/, 'SciFi/Machines/TimeMachine_Materialise'],
  [/^hw\/Whistle/, 'Vocals/Whistles/Whistle_01'],
  [/^hw\/Yoohoo/, 'Vocals/Female/yoohoo'],
  [/^hw\/airmine_impact/, 'Weapons/Mines/AirMine_Hit'],
  [/^hw\/baseballbat/, 'UCS Library/WEAPONS/WEAPBlnt_Bat Swing Hit_HRK_01'],
  [/^hw\/bee\./, 'Creatures/Insects/BeeBuzz'],
  [/^hw\/beep/, 'Interface/Beeps/Beep_Short'],
  [/^hw\/blowtorch/, 'Industry/Workshops/blowtorch'],
  [/^hw\/bump/, 'Cartoon/Bumps/bump'],
  [/^hw\/countdown/, 'Interface/Countdown/countdown #'],
  [/^hw\/denied/, 'Interface/Alerts/Denied'],
  [/^hw\/drillgun/, 'Weapons/Guns/DrillGun'],
  [/^hw\/egg/, 'Cartoon/EggCrack'],
  [/^hw\/explosion/, 'Weapons/Explosions/Explosion_Medium'],
  [/^hw\/firepunch_hit/, 'Cartoon/Punches/FirePunch'],
  [/^hw\/flamethrower/, 'Weapons/Flame/Flamethrower_02'],
  [/^hw\/frozen_hog_impact/, 'Elements/Ice/frozen-impact'],
  [/^hw\/graveimpact/, 'Cartoon/Bumps/gravestone-thud'],
  [/^hw\/grenadeimpact/, 'Weapons/Explosives/GrenadeBounce'],
  [/^hw\/gun\./, 'Weapons/Guns/Pistol_Shot'],
  [/^hw\/hammer/, 'Cartoon/Hammer_Bonk'],
  [/^hw\/hell_growl/, 'Creatures/Demons/DemonGrowl'],
  [/^hw\/hell_(ooff|ow|ugh)/, 'Creatures/Demons/demon-$1'],
  [/^hw\/hog_freeze/, 'Elements/Ice/FreezeOver'],
  [/^hw\/homerun/, 'Cartoon/homerun'],
  [/^hw\/ice_beam_idle/, 'SciFi/Weapons/freeze ray idle'],
  [/^hw\/ice_beam/, 'SciFi/Weapons/FreezeRay'],
  [/^hw\/jetpackboost/, 'SciFi/Vehicles/JetpackBoost'],
  [/^hw\/knife_impact/, 'UCS Library/WEAPONS/WEAPKnif_Stab Wood_HRK_01'],
  [/^hw\/lasersight/, 'SciFi/Weapons/laser-sight'],
  [/^hw\/melonimpact/, 'Cartoon/Splats/MelonSplat'],
  [/^hw\/mineimpact/, 'Weapons/Mines/mine-drop'],
  [/^hw\/minetick/, 'Weapons/Mines/MineTick'],
  [/^hw\/minigun/, 'Weapons/Guns/Minigun_Spin'],
  [/^hw\/molotov/, 'Weapons/Explosives/MolotovSmash'],
  [/^hw\/mortar/, 'Weapons/Artillery/Mortar_02'],
  [/^hw\/parachute/, 'Library/Foley/Cloth/ParachuteOpen'],
  [/^hw\/pickhammer/, 'Industry/Construction/Jackhammer_01'],
  [/^hw\/plane\./, 'Vehicles/Aircraft/PropPlane_Flyby'],
  [/^hw\/planewater/, 'Vehicles/Aircraft/plane crash water'],
  [/^hw\/portalopen/, 'SciFi/Portals/PortalOpen'],
  [/^hw\/portalshot/, 'SciFi/Portals/portal shot'],
  [/^hw\/portalswitch/, 'SciFi/Portals/portal switch'],
  [/^hw\/rcplane/, 'Vehicles/Aircraft/RCPlane_Buzz'],
  [/^hw\/rope(attach|release|shot)/, 'UCS Library/ROPE/ROPEMisc_Rope $1_HRK_01'],
  [/^hw\/rubberduck_die/, 'Cartoon/Toys/RubberDuck_Squeak'],
  [/^hw\/rubberduck_drop/, 'Cartoon/Toys/rubberduck-drop'],
  [/^hw\/rubberduck_water/, 'Cartoon/Toys/RubberDuck Water'],
  [/^hw\/shotgunfire/, 'UCS Library/GUNS/GUNShotg_Fire_HRK_01'],
  [/^hw\/shotgunreload/, 'UCS Library/GUNS/GUNShotg_Pump Reload_HRK_01'],
  [/^hw\/shutterclick/, 'UCS Library/COMMUNICATIONS/COMCam_Shutter_HRK_01'],
  [/^hw\/sinegun/, 'SciFi/Weapons/SineWaveGun'],
  [/^hw\/sniperreload/, 'Weapons/Guns/SniperRifle_Reload'],
  [/^hw\/splash/, 'Ambience/Water/splashbig'],
  [/^hw\/steam/, 'Industry/Steam/steam-hiss'],
  [/^hw\/steps/, 'Library/Foley/Footsteps/Mixed/Footsteps_Walk_01'],
  [/^hw\/throwpowerup/, 'Library/Foley/Throws/ThrowCharge'],
  [/^hw\/throwrelease/, 'Library/Foley/Throws/throw-release'],
  [/^hw\/ufo/, 'SciFi/Vehicles/UFO_Hover'],
  [/^hw\/warp/, 'SciFi/Portals/warp'],
  [/^hw\/whipcrack/, 'UCS Library/WEAPONS/WEAPWhip_Crack_HRK_01'],

  // FreedroidRPG (freedroidrpg-data)
  [/^fd\/Blast_Sound/, 'Weapons/Explosions/DroidBlast'],
  [/^fd\/Bullet_Reflected/, 'UCS Library/BULLETS/BLLTRico_Deflect_HRK_01'],
  [/^fd\/CameraTakesPicture/, 'Library/Foley/Objects/Camera/CameraSnap'],
  [/^fd\/Glass_Break/, 'UCS Library/GLASS/GLASBrk_Break_HRK_01'],
  [/^fd\/Influencer_Scream/, 'SciFi/Robots/droidscream#'],
  [/^fd\/LeaveElevator/, 'SciFi/Machines/Elevator_Leave'],
  [/^fd\/MenuClick/, 'Interface/Clicks/MenuClick_01'],
  [/^fd\/Menu_Item_Deselected/, 'Interface/Menus/menu-deselect'],
  [/^fd\/Menu_Item_Selected/, 'Interface/Menus/menu-select'],
  [/^fd\/Move_Menu_Position/, 'Interface/Menus/menu-move'],
  [/^fd\/Mission_Status_Change/, 'Interface/Alerts/mission-update'],
  [/^fd\/No_Ammo/, 'Weapons/Guns/EmptyClick_NoAmmo'],
  [/^fd\/Shop_ItemBought/, 'Interface/Shop/shop_buy'],
  [/^fd\/Shop_ItemRepaired/, 'Interface/Shop/shop_repair'],
  [/^fd\/Shop_ItemSold/, 'Interface/Shop/shop_sell'],
  [/^fd\/bot_sounds\/death_sound/, 'SciFi/Robots/RobotDeath_##'],
  [/^fd\/bullets\/Sword/, 'Weapons/Melee/SwordSwing'],
  [/^fd\/bullets\/(\w+)\./, 'SciFi/Weapons/Blaster_$1'],
  [/^fd\/item_sounds\/Item_Armour_Put/, 'Library/Foley/Armour/ArmorEquip'],
  [/^fd\/item_sounds\/Item_Drop_Sound/, 'Library/Foley/Drops/itemdrop#'],
  [/^fd\/item_sounds\/Item_Range_Weapon_Put/, 'Library/Foley/Weapons Handling/GunHolster'],
  [/^fd\/item_sounds\/drop_book/, 'Library/Foley/Drops/BookDrop'],
  [/^fd\/item_sounds\/drop_potion/, 'Library/Foley/Drops/bottle-drop'],
  [/^fd\/item_sounds\/drop_sword/, 'Library/Foley/Drops/SwordDrop_Metal'],
  [/^fd\/new_healing_sound/, 'Magic/Heal_Spell'],
  [/^fd\/new_teleporter_sound/, 'SciFi/Portals/Teleporter_01'],
  [/^fd\/open_chest_sound/, 'Library/Foley/Furniture/ChestOpen_Creak'],
  [/^fd\/swing_then_hit/, 'Weapons/Melee/SwingHit_##'],
  [/^fd\/swing_then_nohit/, 'Weapons/Melee/swingmiss#'],
  [/^fd\/tux_footstep/, 'Library/Foley/Footsteps/Mixed/single footstep'],

  // SuperTux (supertux-data)
  [/^st\/brick/, 'Cartoon/Breaks/BrickBreak'],
  [/^st\/coin2?\./, 'Interface/Pickups/Coin_##'],
  [/^st\/cracking/, 'Library/Foley/Impacts/cracking'],
  [/^st\/explosion/, 'Weapons/Explosions/cartoon-explosion'],
  [/^st\/fall\./, 'Cartoon/Falls/fall'],
  [/^st\/fire\./, 'Elements/Fire/Fire Burst'],
  [/^st\/firecracker/, 'Weapons/Explosives/Firecracker'],
  [/^st\/fireworks/, 'UCS Library/FIREWORKS/FRWKComr_Burst_HRK_01'],
  [/^st\/fizz/, 'Cartoon/fizz'],
  [/^st\/flame\./, 'Elements/Fire/flame whoosh'],
  [/^st\/gulp/, 'Vocals/Gulp'],
  [/^st\/hurt/, 'Cartoon/Hurt'],
  [/^st\/icecrash/, 'Elements/Ice/IceCrash'],
  [/^st\/bigjump/, 'Cartoon/Jumps/BigJump'],
  [/^st\/jump/, 'Cartoon/Jumps/jump'],
  [/^st\/kick/, 'Cartoon/Kick'],
  [/^st\/lava/, 'Elements/Lava/lava'],
  [/^st\/lightning/, 'Ambience/Weather/LightningStrike'],
  [/^st\/thunder/, 'UCS Library/WEATHER/THUN_Thunderclap_HRK_01'],
  [/^st\/phone/, 'UCS Library/COMMUNICATIONS/COMTelph_Ring_HRK_01'],
  [/^st\/pop\./, 'Cartoon/Pops/pop'],
  [/^st\/rain/, 'Ambience/Weather/rainfall'],
  [/^st\/skid/, 'Cartoon/Skids/skid'],
  [/^st\/splash/, 'Ambience/Water/WaterSplash_##'],
  [/^st\/splat/, 'Cartoon/Splats/splat'],
  [/^st\/squish/, 'Cartoon/Splats/Squish'],
  [/^st\/stomp/, 'Cartoon/Stomp'],
  [/^st\/switch/, 'Library/Foley/Switches/LeverSwitch'],
  [/^st\/thud/, 'Library/Foley/Impacts/Thud_01'],
  [/^st\/ticking/, 'UCS Library/CLOCKS/CLOCKTick_Clock_HRK_01'],
  [/^st\/trampoline/, 'Cartoon/Boings/TrampolineBoing'],
  [/^st\/waterfall/, 'Ambience/Water/Waterfall Loop'],
  [/^st\/wood\./, 'UCS Library/WOOD/WOODImpt_Hit_HRK_01'],
  [/^st\/yeti_roar/, 'Creatures/Monsters/YetiRoar'],
  [/^st\/yeti_gna/, 'Creatures/Monsters/yeti-grunt'],
  [/^st\/saw\./, 'Industry/Workshops/sawblade'],
  [/^st\/door/, 'UCS Library/DOORS/DOORMisc_Door_HRK_01'],
  [/^st\/turnkey/, 'UCS Library/MECHANICAL/MECHLock_Key Turn_HRK_01'],
  [/^st\/locked/, 'UCS Library/MECHANICAL/MECHLock_Locked Rattle_HRK_01'],
  [/^st\/sizzle/, 'Elements/Fire/sizzle'],

  // Tux Paint (tuxpaint-data)
  [/^tp\/bubble/, 'Cartoon/Pops/BubblePop'],
  [/^tp\/click/, 'Interface/Clicks/click2'],
  [/^tp\/eraser/, 'Library/Foley/Office/Eraser Rub #'],
  [/^tp\/giggle/, 'Vocals/Laughter/Giggle_Child'],
  [/^tp\/harp/, 'Music/Harp_Gliss'],
  [/^tp\/keyclick/, 'Library/Foley/Office/keyclick'],
  [/^tp\/paint/, 'Library/Foley/Art/PaintBrush_##'],
  [/^tp\/scroll/, 'Interface/Menus/scroll'],
  [/^tp\/stamp/, 'Library/Foley/Office/RubberStamp'],
  [/^tp\/typewriterbell/, 'Library/Foley/Office/typewriterbell'],
  [/^tp\/return/, 'Library/Foley/Office/TypewriterReturn'],
  [/^tp\/bleep/, 'Interface/Beeps/bleep'],

  // freedesktop sound theme (sound-theme-freedesktop)
  [/^fdo\/alarm-clock-elapsed/, 'UCS Library/ALARMS/ALRMClok_Alarm Clock_HRK_01'],
  [/^fdo\/bell/, 'Interface/Alerts/bell'],
  [/^fdo\/camera-shutter/, 'Library/Foley/Objects/Camera/Shutter_Release'],
  [/^fdo\/complete/, 'Interface/Alerts/TaskComplete'],
  [/^fdo\/device-(added|removed)/, 'Interface/System/device_$1'],
  [/^fdo\/dialog-error/, 'Interface/System/Dialog_Error'],
  [/^fdo\/dialog-information/, 'Interface/System/Dialog_Info'],
  [/^fdo\/dialog-warning/, 'Interface/System/Dialog_Warning'],
  [/^fdo\/message-new-instant/, 'Interface/Notifications/new-message'],
  [/^fdo\/message\./, 'Interface/Notifications/message'],
  [/^fdo\/phone-incoming-call/, 'UCS Library/COMMUNICATIONS/COMTelph_Incoming Call_HRK_01'],
  [/^fdo\/phone-outgoing-busy/, 'UCS Library/COMMUNICATIONS/COMTelph_Busy Signal_HRK_01'],
  [/^fdo\/phone-outgoing-calling/, 'UCS Library/COMMUNICATIONS/COMTelph_Ringback_HRK_01'],
  [/^fdo\/service-login/, 'Interface/System/login'],
  [/^fdo\/service-logout/, 'Interface/System/logout'],
  [/^fdo\/trash-empty/, 'Interface/System/TrashEmpty'],
  [/^fdo\/power-plug/, 'Interface/System/PowerPlug'],
  [/^fdo\/power-unplug/, 'Interface/System/power-unplug'],
  [/^fdo\/screen-capture/, 'Interface/System/ScreenShot'],
  [/^fdo\/audio-volume-change/, 'Interface/System/volume-blip'],

  // Extreme Tux Racer (extremetuxracer-data)
  [/^etr\/grass_slide/, 'Sports/Sled/SledOnGrass'],
  [/^etr\/ice_slide/, 'Sports/Sled/sled-ice'],
  [/^etr\/leaves_slide/, 'Sports/Sled/Sled_Leaves'],
  [/^etr\/mud_slide/, 'Sports/Sled/sledmud'],
  [/^etr\/rock_slide/, 'Sports/Sled/Sled Rocks'],
  [/^etr\/snow_slide/, 'UCS Library/SNOW/SNOWMvmt_Sled Slide_HRK_01'],
  [/^etr\/tree_hit/, 'Sports/Sled/TreeCrash'],
  [/^etr\/pickup/, 'Interface/Pickups/pickup-take#'],

  // Widelands (widelands-data): animals, crafts and industries of a settlement game
  [/^wl\/sound\/animals\/bird(\d)_/, 'Creatures/Birds/birdsong$1_#'],
  [/^wl\/sound\/animals\/boar/, 'Creatures/Wild/WildBoar_Grunt'],
  [/^wl\/sound\/animals\/coyote/, 'Creatures/Wild/Coyote Howl ##'],
  [/^wl\/sound\/animals\/crickets/, 'Creatures/Insects/crickets#'],
  [/^wl\/sound\/animals\/frog/, 'Creatures/Amphibians/FrogCroak'],
  [/^wl\/sound\/animals\/moose/, 'Creatures/Wild/ANMLWild_Moose Call_HRK_##'],
  [/^wl\/sound\/animals\/stag/, 'Creatures/Wild/DeerStag_Bellow_##'],
  [/^wl\/sound\/animals\/wolf/, 'UCS Library/ANIMALS/ANMLWdog_Wolf Howl_HRK_##'],
  [/^wl\/sound\/atlanteans\/cutting\/stonecutter/, 'Industry/Stone/StoneCutting_##'],
  [/^wl\/sound\/atlanteans\/goldspin/, 'Industry/Workshops/SpinningWheel_##'],
  [/^wl\/sound\/atlanteans\/saw\/benchsaw/, 'Industry/Woodwork/BenchSaw_##'],
  [/^wl\/sound\/atlanteans\/saw\/sawing/, 'Industry/Woodwork/handsaw#'],
  [/^wl\/sound\/barbarians\/mortar/, 'Library/Foley/Kitchen/MortarPestle'],
  [/^wl\/sound\/barbarians\/stonegrind/, 'Industry/Stone/stone-grind'],
  [/^wl\/sound\/(barbarians|empire)\/taverns\//, 'Library/Foley/Kitchen/Cooking_##'],
  [/^wl\/sound\/barbarians\/weaver/, 'Industry/Textile/LoomWeaving_01'],
  [/^wl\/sound\/empire\/(beer|wine)bubble/, 'UCS Library/LIQUID/LIQBubl_Brewing $1_HRK_#'],
  [/^wl\/sound\/farm\/donkey/, 'Creatures/Farm/DonkeyBray'],
  [/^wl\/sound\/farm\/farm_animal/, 'Creatures/Farm/farmanimal#'],
  [/^wl\/sound\/farm\/horse/, 'Creatures/Farm/Horse_Whinny_##'],
  [/^wl\/sound\/farm\/ox/, 'Creatures/Farm/ANMLFarm_Ox Moo_HRK_##'],
  [/^wl\/sound\/farm\/scythe/, 'Library/Foley/Tools/ScytheSwish'],
  [/^wl\/sound\/farm\/sheep/, 'Creatures/Farm/sheepbleat#'],
  [/^wl\/sound\/fisher\/fisher_pull_net/, 'Library/Foley/Fishing/NetPull'],
  [/^wl\/sound\/fisher\/fisher_throw_net/, 'Library/Foley/Fishing/net-throw'],
  [/^wl\/sound\/hammering\/geologist_hammer/, 'Library/Foley/Tools/RockHammer'],
  [/^wl\/sound\/hammering\/hammering/, 'Industry/Construction/Hammering_##'],
  [/^wl\/sound\/metal\/fizzle/, 'Industry/Smelting/QuenchFizzle'],
  [/^wl\/sound\/metal\/furnace/, 'Industry/Smelting/SmeltingFurnace'],
  [/^wl\/sound\/metal\/goldping/, 'UCS Library/METAL/METLTonl_Gold Ping_HRK_01'],
  [/^wl\/sound\/metal\/ironping/, 'UCS Library/METAL/METLTonl_Iron Ping_HRK_01'],
  [/^wl\/sound\/mill\/mill_turning/, 'Industry/Mill/MillWheel_##'],
  [/^wl\/sound\/mill\/weaving/, 'Industry/Textile/weaving'],
  [/^wl\/sound\/other\/falling_tools/, 'Library/Foley/Tools/ToolsFalling_##'],
  [/^wl\/sound\/sawmill\/sawmill/, 'Industry/Woodwork/Sawmill ##'],
  [/^wl\/sound\/smiths\/sharpening/, 'Library/Foley/Tools/blade-sharpening'],
  [/^wl\/sound\/smiths\/smith_/, 'Industry/Workshops/AnvilStrike_##'],
  [/^wl\/sound\/smiths\/toolsmith/, 'Industry/Workshops/toolsmith#'],
  [/^wl\/sound\/stonecutting\//, 'Industry/Stone/Stonemason_Chisel_##'],
  [/^wl\/sound\/woodcutting\/fast_woodcutting/, 'Library/Foley/Tools/AxeChop_Fast_##'],
  [/^wl\/sound\/woodcutting\/tree_falling/, 'UCS Library/VEGETATION/VEGETree_Fall_HRK_##'],
  [/^wl\/sound\/woodcutting\/woodcutting/, 'Library/Foley/Tools/woodchop'],
  [/^wl\/world\/critters\/duck\//, 'Creatures/Birds/DuckQuack_##'],
];

/** A generator seeded by a string (mulberry32 over the first 4 bytes of its SHA-256): the same key, the same ids. */
function seeded(key) {
  let a = createHash('sha256').update(`hark-dev-2:${key}`).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Source files as { key, file }: key is `<source key>/<path inside the source>` (the rules' subject). */
function collect() {
  const files = [];
  for (const src of SOURCES) {
    if (!installed(src.pkg)) {
      console.error(`skipping ${src.key}: Debian package ${src.pkg} is not installed`);
      continue;
    }
    const from = src.zip ? unzipped(OUT, src.key, src.zip, src.inner) : src.from;
    for (const file of walk(from, AUDIO)) {
      // Widelands and Minetest keep each sound in folders of their own; the key keeps the path inside the source.
      files.push({ key: `${src.key}/${path.relative(from, file).split(path.sep).join('/')}`, file });
    }
  }
  return files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Named-relative destination paths for the files, by the first matching rule; null for files left out. */
function rename(files) {
  const takes = new Map();
  const usedIds = new Set();
  const out = [];
  for (const { key, file } of files) {
    const rule = RULES.find(([re]) => re.test(key));
    if (!rule || rule[1] === null) continue;
    const [re, template] = rule;
    const match = key.match(re);
    let dest = template.replace(/\$1/g, match?.[1] ?? '');
    const group = dest;
    const take = (takes.get(group) ?? 0) + 1;
    takes.set(group, take);
    dest = dest.replace(/##/g, String(take).padStart(2, '0')).replace(/#/g, String(take));
    if (dest.includes('%%%%')) {
      const random = seeded(key);
      let id;
      do id = String(Math.floor(random() * 10000)).padStart(4, '0');
      while (usedIds.has(id));
      usedIds.add(id);
      dest = dest.replace('%%%%', id);
    }
    const ext = path.extname(file).toLowerCase() === '.oga' ? '.ogg' : path.extname(file).toLowerCase();
    out.push({ key, file, rel: dest + ext });
  }
  const seen = new Map();
  for (const { key, rel } of out) {
    if (seen.has(rel)) throw new Error(`two files named ${rel}: ${seen.get(rel)} and ${key}`);
    seen.set(rel, key);
  }
  return out;
}

refuseReserved(SOURCES);
freshOutput(OUT);

const renamed = rename(collect());
const sources = {};
for (const { key, file, rel } of renamed) {
  const dest = path.join(OUT, 'named', rel);
  mkdirSync(path.dirname(dest), { recursive: true });
  copyFileSync(file, dest);
  sources[rel] = key;
}
rmSync(path.join(OUT, '.unzip'), { recursive: true, force: true });

// Stripped variant, as the first library's; files sox cannot decode are dropped from both variants.
const kept = new Set(
  writeStripped(
    OUT,
    renamed.map(({ rel }) => rel),
    'hark-dev-2',
  ),
);
for (const rel of Object.keys(sources)) if (!kept.has(rel)) delete sources[rel];
writeFileSync(path.join(OUT, 'sources.json'), JSON.stringify(sources, null, 1));
if (!kept.size) process.exit(1);
