import { buildApp } from './modules/app';

// `cdktf synth` runs this: one stack per environment (plus fakemon-pr-<id> when FAKEMON_PR_ID is set).
buildApp().synth();
